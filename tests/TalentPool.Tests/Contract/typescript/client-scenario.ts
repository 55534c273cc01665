// A client developer's first program against TalentPool: a client generated from the live OpenAPI document
// (openapi-typescript, imported as "talentpool-api") driven through openapi-fetch. TypeScriptClientTests
// type-checks it with `tsc --strict`; it must compile without casts, `any` or suppressed errors, so every type
// it relies on has to come from the document exactly as the service answers.
import createClient from "openapi-fetch";
import type { components, operations, paths } from "talentpool-api";

type Schemas = components["schemas"];
type Problem = Schemas["ProblemDetails"];
type ValidationProblem = Schemas["HttpValidationProblemDetails"];

const baseUrl = process.env.TALENTPOOL_URL ?? "http://127.0.0.1:5080";
const admin = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${process.env.TALENTPOOL_ADMIN_TOKEN ?? ""}` } });
const recruiter = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${process.env.TALENTPOOL_RECRUITER_TOKEN ?? ""}` } });
const anyone = createClient<paths>({ baseUrl });
// Regions are tenants: a talent registers in the region the Region-Id header names.
const regionId = process.env.TALENTPOOL_REGION_ID ?? "01a2129c-9229-7bc0-8d5f-fbf081827a68";
const inRegion = { header: { "Region-Id": regionId } };

/** Every 400 carries `errors`, field by field; other problems do not. Checked at run time, not asserted. */
function isValidationProblem(problem: Problem | ValidationProblem): problem is ValidationProblem {
  return typeof problem.errors === "object" && problem.errors !== null;
}

function fail(what: string, problem: Problem | ValidationProblem | undefined): never {
  if (problem !== undefined && isValidationProblem(problem)) {
    const fields: Record<string, string[]> = problem.errors;
    throw new Error(`${what}: ${Object.entries(fields).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join("; ")}`);
  }
  throw new Error(`${what}: ${problem?.status ?? "?"} ${problem?.detail ?? problem?.title ?? ""}`);
}

/** A header the document declares on a response: a declared `string` header reads as a string, an undeclared one would not. */
function declaredHeader(response: Response, name: string): string {
  const value = response.headers.get(name);
  if (value === null) throw new Error(`The response has no ${name} header.`);
  return value;
}

// A talent registers: every required field is there, optional ones are null.
const registration: Schemas["RegisterTalent"] = {
  fullName: "Priya Raman",
  email: `priya.${Date.now()}@example.com`,
  phone: null,
  countryOfResidence: "IN",
  municipalityOfResidence: null,
  languages: ["en", "hi"],
  competenceAreas: ["Battery engineering"],
  educationLevel: "Master",
  yearsOfExperience: 7,
  preferredMunicipalities: ["3403"],
  accompanyingPartner: { occupation: "Nurse" },
  heardAboutUsVia: "SocialMedia",
  heardAboutUsDetails: null,
  about: null,
  shareWithPartners: true,
  shareWithMunicipalities: false,
};
const registered = await anyone.POST("/api/v1/talents", { params: inRegion, body: registration });
if (registered.error) fail("Registration refused", registered.error);
const talentId: string = registered.data.id;
const talentToken: string = registered.data.accessToken;

// The 201's Location header is declared, as a string.
const location: operations["RegisterTalent"]["responses"][201]["headers"]["Location"] = declaredHeader(registered.response, "Location");
const talentPath: string = location; // compiles only while the document declares Location as a string
if (talentPath !== registered.data.url) throw new Error(`Location ${talentPath} differs from url ${registered.data.url}`);

// Registering the same e-mail again is a 409 whose detail says why.
const again = await anyone.POST("/api/v1/talents", { params: inRegion, body: registration });
if (again.response.status === 409) {
  const reason: string | undefined = again.error?.detail;
  console.log(`Refused as expected: ${reason ?? "(no detail)"}`);
}

// A 400 names each field in `errors`; the document types every 400 that way.
const badRegistration: operations["RegisterTalent"]["responses"][400]["content"]["application/problem+json"] = { errors: {} };
const badFields: Record<string, string[]> = badRegistration.errors;
const invalid = await anyone.POST("/api/v1/talents", { params: inRegion, body: { ...registration, email: "not an address" } });
if (invalid.error && isValidationProblem(invalid.error)) {
  const emailErrors: string[] = invalid.error.errors["email"] ?? badFields["email"] ?? [];
  console.log(`email: ${emailErrors.join(" ")}`);
}

// The talent renews its own token: the answer is typed, not an empty object.
const asTalent = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${talentToken}` } });
const renewed = await asTalent.POST("/api/v1/talents/{talentId}/access-token", { params: { path: { talentId } } });
if (renewed.error) fail("Token renewal refused", renewed.error);
const freshToken: string = renewed.data.accessToken;
const expiresAt: string = renewed.data.expiresAt;
console.log(`Token valid until ${expiresAt} (${freshToken.length} characters)`);

// The partner an administrator set up in the region (its registration shape belongs to the region's own story).
const partnerId = process.env.TALENTPOOL_PARTNER_ID ?? "01a2129c-93f9-7255-b07b-4b17485eed87";
const region = await admin.GET("/api/v1/regions/{regionId}", { params: { path: { regionId } } });
if (region.error) fail("Region not found", region.error);
const standardFee: number = region.data.priceLists.map(list => list.standard.hireFee).reduce((a, b) => Math.max(a, b), 0);

// A partner reads its membership as of today (worked out when read): a tier while a member, null otherwise.
const partner = await admin.GET("/api/v1/partners/{partnerId}", { params: { path: { partnerId } } });
if (partner.error) fail("Partner not found", partner.error);
const tierToday: string | null = partner.data.currentTier;
const memberSince: string | undefined = partner.data.terms.at(-1)?.from;
console.log(`${partner.data.name}: member today ${partner.data.isMember}, tier ${tierToday ?? "none"}, since ${memberSince ?? "never"}`);

// A recruiter records a hire: the Idempotency-Key header is required by the document, so it cannot be forgotten.
const hire = await recruiter.POST("/api/v1/hires", {
  params: { header: { "Idempotency-Key": crypto.randomUUID() } },
  body: { talentId, partnerId, vacancyId: null, startsOn: "2026-03-20", hiredOn: "2026-03-20" },
});
if (hire.error) fail("Hire refused", hire.error);
const hireLocation: operations["RecordHire"]["responses"][201]["headers"]["Location"] = declaredHeader(hire.response, "Location");
const hirePath: string = hireLocation; // compiles only while the document declares Location as a string
const recorded = await recruiter.GET("/api/v1/hires/{hireId}", { params: { path: { hireId: hire.data.id } } });
if (recorded.error) fail(`No hire at ${hirePath}`, recorded.error);
const fee: number = recorded.data.fee.amount;
console.log(`Hire fee ${fee} ${recorded.data.fee.currency} (price list: ${standardFee})`);

// Statements: the month is a "yyyy-MM" string, money an exact number with its currency, a correction names its month.
const march = "2026-03";
const statement = await admin.GET("/api/v1/partners/{partnerId}/statements/{month}", { params: { path: { partnerId, month: march } } });
if (statement.error) fail("No statement", statement.error);
const month: string = statement.data.month;
const total: number = statement.data.total.amount;
for (const line of statement.data.lines) {
  const corrects: string = line.corrects ?? month;
  const hireId: string = line.hireId ?? "(licence)";
  console.log(`${line.kind} ${line.description}: ${line.amount.amount} ${line.amount.currency} for ${corrects} ${hireId}`);
}
console.log(`Total ${total} ${statement.data.currency}, closed: ${statement.data.closed}`);

const regionStatements = await admin.GET("/api/v1/regions/{regionId}/statements/{month}", { params: { path: { regionId, month: march } } });
if (regionStatements.error) fail("No region statements", regionStatements.error);
const payers: string[] = regionStatements.data.map(s => `${s.payerKind} ${s.payerName}: ${s.total.amount}`);
console.log(payers.join("\n"));

// Lists page by cursor; `next` is null on the last page.
async function openVacancies(after?: string): Promise<Schemas["VacancyView"][]> {
  const page = await admin.GET("/api/v1/vacancies", { params: { query: { status: "Open", limit: 20, after } } });
  if (page.error) fail("Vacancies refused", page.error);
  const rest = page.data.next === null ? [] : await openVacancies(page.data.next);
  return [...page.data.items, ...rest];
}
for (const vacancy of await openVacancies()) {
  console.log(`${vacancy.details.title} (${vacancy.status}, closed as ${vacancy.closedAs ?? "-"})`);
}

// Erasure answers 204 and nothing else.
const erased = await asTalent.POST("/api/v1/talents/{talentId}/erasure", { params: { path: { talentId } } });
if (erased.response.status !== 204) fail("Erasure refused", erased.error);
