/**
 * The model-version machine: one actor per registered model version, its stage the
 * state a user sees. Pure: the registry host verifies the artifact (checksum and
 * signature) before sending an event and says so on it (`verified`), and records
 * every transition in the audit log.
 *
 *   development ─PROMOTE staging─► staging ─PROMOTE production─► production
 *        ▲                                                          │
 *        └──RELEASE── quarantined ◄──QUARANTINE (any stage, at once)─┘
 *   ARCHIVE (any stage) ─► archived; a newer production version archives the old one
 *
 * Guards (`blockers` says which one stops a transition, in words):
 * - staging needs a verified artifact and a passing validation report: DEPLOY, or
 *   REVIEW with an approval given after it;
 * - production needs a verified artifact, the version in staging, a signature, an
 *   approval, and a latest validation that is not REJECT;
 * - release from quarantine needs a verified artifact;
 * - quarantine and archive need nothing: taking a model out of service is always
 *   allowed, a tampered one above all.
 *
 * @module
 */
import { assign, setup } from "xstate";

export type ModelStage = "development" | "staging" | "production" | "quarantined" | "archived";
export type Recommendation = "DEPLOY" | "REVIEW" | "REJECT";

/** Who asked, when and why: every event carries it, and the audit log keeps it. */
export interface Actor {
  now: number;
  by: string;
  reason: string;
}

export type ModelEvent =
  | Actor & { type: "VALIDATED"; validationId: string; recommendation: Recommendation }
  | Actor & { type: "APPROVE" }
  | Actor & { type: "SIGNED"; keyId: string }
  | Actor & { type: "PROMOTE"; to: "staging" | "production"; verified: boolean }
  | Actor & { type: "QUARANTINE" }
  | Actor & { type: "RELEASE"; verified: boolean }
  | Actor & { type: "ARCHIVE" };

export interface ModelContext {
  id: string;
  registeredAt: number;
  validation: { id: string; recommendation: Recommendation; at: number } | null;
  approval: { by: string; at: number } | null;
  signature: { keyId: string; at: number } | null;
  /** When the current stage was entered. */
  stageSince: number;
}

export interface ModelInput {
  id: string;
  now: number;
  /** Set when the artifact was signed at registration. */
  signedWith?: string;
}

/** Why `event` cannot move a model in `stage` with `context`; empty when it can. */
export function blockers(stage: ModelStage, context: ModelContext, event: ModelEvent): string[] {
  const reasons: string[] = [];
  const approvedAfterValidation = context.approval !== null && context.validation !== null &&
    context.approval.at >= context.validation.at;
  if (event.type === "PROMOTE") {
    if (!event.verified) reasons.push("the artifact did not verify");
    if (event.to === "staging") {
      if (stage !== "development") reasons.push(`only a development version goes to staging (this one is ${stage})`);
      const v = context.validation;
      if (!v) reasons.push("no validation report: POST /v1/models/:id/validate first");
      else if (v.recommendation === "REJECT") reasons.push(`the latest validation (${v.id}) recommends REJECT`);
      else if (v.recommendation === "REVIEW" && !approvedAfterValidation) {
        reasons.push(`the latest validation (${v.id}) recommends REVIEW: it needs an approval`);
      }
    } else {
      if (stage !== "staging") reasons.push(`only a staging version goes to production (this one is ${stage})`);
      if (!context.signature) reasons.push("the artifact is not signed");
      if (!context.approval) reasons.push("production needs an approval");
      if (context.validation?.recommendation === "REJECT") {
        reasons.push(`the latest validation (${context.validation.id}) recommends REJECT`);
      }
    }
  } else if (event.type === "RELEASE") {
    if (stage !== "quarantined") reasons.push(`only a quarantined version is released (this one is ${stage})`);
    if (!event.verified) reasons.push("the artifact did not verify");
  } else if (event.type === "QUARANTINE" || event.type === "ARCHIVE") {
    if (stage === "archived") reasons.push("the version is archived");
    if (event.type === "QUARANTINE" && stage === "quarantined") reasons.push("the version is already quarantined");
  }
  return reasons;
}

const allowedIn = (stage: ModelStage) => ({ type: "allowed" as const, params: { stage } });

/** Quarantine and archive, from a stage in service: nothing guards them. */
const outOfService = (stage: ModelStage) => ({
  QUARANTINE: { guard: allowedIn(stage), target: "quarantined" as const, actions: "enterStage" as const },
  ARCHIVE: { guard: allowedIn(stage), target: "archived" as const, actions: "enterStage" as const },
});

export const modelMachine = setup({
  types: {
    context: {} as ModelContext,
    events: {} as ModelEvent,
    input: {} as ModelInput,
  },
  actions: {
    enterStage: assign(({ event }) => ({ stageSince: event.now })),
    recordValidation: assign(({ event }) => {
      const e = event as Extract<ModelEvent, { type: "VALIDATED" }>;
      return { validation: { id: e.validationId, recommendation: e.recommendation, at: e.now } };
    }),
    recordApproval: assign(({ event }) => ({ approval: { by: event.by, at: event.now } })),
    recordSignature: assign(({ event }) => ({
      signature: { keyId: (event as Extract<ModelEvent, { type: "SIGNED" }>).keyId, at: event.now },
    })),
  },
  guards: {
    allowed: ({ context, event }, { stage }: { stage: ModelStage }) => blockers(stage, context, event).length === 0,
  },
}).createMachine({
  id: "model",
  context: ({ input }) => ({
    id: input.id,
    registeredAt: input.now,
    validation: null,
    approval: null,
    signature: input.signedWith ? { keyId: input.signedWith, at: input.now } : null,
    stageSince: input.now,
  }),
  initial: "development",
  on: {
    VALIDATED: { actions: "recordValidation" },
    APPROVE: { actions: "recordApproval" },
    SIGNED: { actions: "recordSignature" },
  },
  states: {
    development: {
      on: {
        PROMOTE: { guard: allowedIn("development"), target: "staging", actions: "enterStage" },
        ...outOfService("development"),
      },
    },
    staging: {
      on: {
        PROMOTE: { guard: allowedIn("staging"), target: "production", actions: "enterStage" },
        ...outOfService("staging"),
      },
    },
    production: { on: outOfService("production") },
    quarantined: {
      on: {
        RELEASE: { guard: allowedIn("quarantined"), target: "development", actions: "enterStage" },
        ARCHIVE: { target: "archived", actions: "enterStage" },
      },
    },
    archived: {
      // Archived is the end: nothing moves it, and what it was is kept.
      on: { VALIDATED: {}, APPROVE: {}, SIGNED: {} },
    },
  },
});
