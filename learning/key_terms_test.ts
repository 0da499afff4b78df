import assert from "node:assert/strict";
import { keyTerms } from "./key_terms.ts";

Deno.test("keyTerms() puts what a task names first: paths, identifiers, products, codes", () => {
  assert.deepEqual(
    keyTerms(
      "Modeling's `separability_matrix` does not compute separability correctly for nested CompoundModels; " +
        "see astropy/modeling/separable.py",
      3,
    ),
    ["separability_matrix", "astropy/modeling/separable.py", "CompoundModels"],
  );
  assert.deepEqual(
    keyTerms(`Calculate the md5 sum of the sorted md5 sums of all ".py" files under /testbed/dir1/subdir1`, 3),
    ["/testbed/dir1/subdir1", ".py", "md5"],
  );
  assert.deepEqual(
    keyTerms("Exchange the Wireless Earbud with IPX7 water resistance for one with the same water resistance.", 3),
    ["Wireless Earbud", "IPX7", "water"],
  );
});

Deno.test("keyTerms() ranks repeated content words over single ones and drops words a kept term contains", () => {
  const terms = keyTerms("You cannot send MMS messages. Sending MMS used to work; messages arrive late.", 4);
  assert.equal(terms[0], "MMS");
  assert.equal(terms[1], "messages");
  assert.ok(!terms.includes("mms"));
  assert.deepEqual(keyTerms("the and of to"), []);
});
