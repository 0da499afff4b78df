import assert from "node:assert/strict";
import { splitCommands } from "./shell_words.ts";

const words = (line: string) => splitCommands(line).map((c) => c.words);

Deno.test("splitCommands() splits pipelines, lists and subshells, and keeps quoted words whole", () => {
  assert.deepEqual(words(`cd /repo && grep -rn "def parse" src/ | head -20; (cd build || exit 1) & echo 'a b'`), [
    ["cd", "/repo"],
    ["grep", "-rn", "def parse", "src/"],
    ["head", "-20"],
    ["cd", "build"],
    ["exit", "1"],
    ["echo", "a b"],
  ]);
  assert.deepEqual(splitCommands("grep x f | sort | uniq -c").map((c) => c.piped), [false, true, true]);
});

Deno.test("splitCommands() takes redirections out of the words, file descriptors and /dev/null included", () => {
  const [run] = splitCommands("python reproduce.py > /tmp/out.log 2>&1");
  assert.deepEqual(run!.words, ["python", "reproduce.py"]);
  assert.deepEqual(run!.redirects, [{ op: ">", target: "/tmp/out.log" }]);
  const [append] = splitCommands(`echo "x = 1" >>config.py 2>/dev/null`);
  assert.deepEqual(append!.redirects, [{ op: ">>", target: "config.py" }, { op: ">", target: "/dev/null" }]);
});

Deno.test("splitCommands() keeps a heredoc's body with its command and reads on after the delimiter", () => {
  const commands = splitCommands("cat > reproduce.py <<'EOF'\nimport foo\nprint(foo.bar())\nEOF\npython reproduce.py");
  assert.deepEqual(commands.map((c) => c.words), [["cat"], ["python", "reproduce.py"]]);
  assert.equal(commands[0]!.heredoc, "import foo\nprint(foo.bar())");
  assert.deepEqual(commands[0]!.redirects, [{ op: ">", target: "reproduce.py" }]);
});

Deno.test("splitCommands() leaves command substitutions, escapes and comments where a shell would", () => {
  assert.deepEqual(words("echo $(ls | wc -l) files # count"), [["echo", "$(ls | wc -l)", "files"]]);
  assert.deepEqual(words("find . -name '*.py' -exec md5sum {} \\; | sort"), [
    ["find", ".", "-name", "*.py", "-exec", "md5sum", "{}", ";"],
    ["sort"],
  ]);
  assert.deepEqual(words("{ ls; pwd; }"), [["ls"], ["pwd"]]);
});
