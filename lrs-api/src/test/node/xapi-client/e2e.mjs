// Drives a running Hocba LRS with @xapi/xapi, a widely used third-party xAPI client.
// Usage: node e2e.mjs <endpoint> <key> <secret>; exits non-zero on the first failure.
import XAPI from "@xapi/xapi";
import { createHash, randomUUID } from "node:crypto";

const [endpoint, key, secret] = process.argv.slice(2);
// the fetch adapter: with axios in Node a Blob body overrides the multipart Content-Type
const xapi = new XAPI({ endpoint, auth: XAPI.toBasicAuth(key, secret), version: "1.0.3", adapter: "fetch" });
let passed = 0;
function check(cond, what) {
  if (!cond) {
    console.error("FAILED: " + what);
    process.exit(1);
  }
  passed++;
}

const learner = { objectType: "Agent", name: "Lan", mbox: `mailto:lan-${randomUUID()}@example.org` };
const activityId = `https://hocba.example.vn/activities/${randomUUID()}`;
const completed = { id: "http://adlnet.gov/expapi/verbs/completed", display: { "en-US": "completed", vi: "hoàn thành" } };

// a statement with two raw attachments (Communication 1.5.2): UTF-8 text and binary bytes
const text = Buffer.from("Chứng chỉ hoàn thành: Thanh toán số", "utf8");
const binary = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a, 0x2d, 0x2d]);
const sha = (b) => createHash("sha256").update(b).digest("hex");
const meta = (b, contentType, name) => ({
  usageType: "http://example.org/attachment-types/" + name,
  display: { "en-US": name },
  contentType,
  length: b.length,
  sha2: sha(b),
});
const statementId = randomUUID();
const statement = {
  id: statementId,
  actor: learner,
  verb: completed,
  object: { objectType: "Activity", id: activityId, definition: { name: { "en-US": "Digital payment", vi: "Thanh toán số" } } },
  attachments: [meta(text, "text/plain; charset=utf-8", "certificate"), meta(binary, "application/octet-stream", "scan")],
};
const ab = (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
const sent = await xapi.sendStatement({ statement, attachments: [ab(text), ab(binary)] });
check(sent.data[0] === statementId, "sendStatement with two attachments returns the statement id");

const plain = await xapi.getStatement({ statementId });
check(plain.data.id === statementId && plain.data.attachments.length === 2, "getStatement returns the statement and its attachment metadata");

const withParts = await xapi.getStatement({ statementId, attachments: true });
const parts = withParts.data;
check(Array.isArray(parts) && parts.length === 3, "getStatement with attachments=true returns the statement and both parts");
check(parts[0].id === statementId, "the first part is the statement");
check(parts.slice(1).some((p) => String(p) === text.toString("utf8")), "the text attachment comes back as sent");

// the client library decodes parts as text, so the binary part is checked on the raw answer
const raw = await fetch(`${endpoint.replace(/\/$/, "")}/statements?attachments=true&statementId=${statementId}`, {
  headers: { Authorization: XAPI.toBasicAuth(key, secret), "X-Experience-API-Version": "1.0.3" },
});
const body = Buffer.from(await raw.arrayBuffer());
check(raw.headers.get("content-type").startsWith("multipart/mixed"), "attachments=true answers multipart/mixed");
check(body.indexOf(binary) >= 0 && body.includes("X-Experience-API-Hash: " + sha(binary)), "the binary attachment comes back byte for byte");

// queries, voiding
const second = randomUUID();
await xapi.sendStatement({ statement: { id: second, actor: learner, verb: completed, object: { id: activityId } } });
const byAgent = await xapi.getStatements({ agent: learner, verb: completed.id });
const ids = byAgent.data.statements.map((s) => s.id);
check(ids.includes(statementId) && ids.includes(second), "getStatements filters by agent and verb");
await xapi.voidStatement({ actor: learner, statementId: second });
const voided = await xapi.getVoidedStatement({ voidedStatementId: second });
check(voided.data.id === second, "voidStatement voids; getVoidedStatement finds it");

// documents: state, activity profile; agents and activities
const stateId = "progress";
await xapi.setState({ agent: learner, activityId, stateId, state: { topic: 3, percent: 40 } });
const state = await xapi.getState({ agent: learner, activityId, stateId });
check(state.data.topic === 3 && state.data.percent === 40, "setState/getState round trip");
// create only if absent (Communication 3.1: If-None-Match: *)
await xapi.setActivityProfile({ activityId, profileId: "settings", profile: { lang: "vi" }, etag: "*", matchHeader: "If-None-Match" });
const profile = await xapi.getActivityProfile({ activityId, profileId: "settings" });
check(profile.data.lang === "vi", "setActivityProfile/getActivityProfile round trip");
const activity = await xapi.getActivity({ activityId });
check(activity.data.id === activityId && activity.data.definition.name.vi === "Thanh toán số", "getActivity returns the canonical definition");
const person = await xapi.getAgent({ agent: learner });
check(person.data.objectType === "Person" && person.data.mbox.includes(learner.mbox), "getAgent returns the Person");

console.log(`xapi-client e2e: ${passed} checks passed`);
