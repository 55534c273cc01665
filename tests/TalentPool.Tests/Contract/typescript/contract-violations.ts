// Mistakes the generated client must refuse at compile time. TypeScriptClientTests type-checks this file and
// expects tsc to report an error on exactly the lines marked "refused:" — no more, no fewer. Were the document
// loose again (optional fields, money as anything, months as objects), these lines would compile.
import createClient from "openapi-fetch";
import type { components, paths } from "talentpool-api";

type Schemas = components["schemas"];
const recruiter = createClient<paths>({ baseUrl: "http://127.0.0.1:5080" });

const talentId = "01a2127c-8316-7220-9f9c-5c900e07f8d5";
const partnerId = "01a2129c-93f9-7255-b07b-4b17485eed87";

// A hire without its start date.
const withoutStart: Schemas["RecordHire"] = { talentId, partnerId, vacancyId: null, hiredOn: null }; // refused: startsOn is required

// A hire without the Idempotency-Key header.
const hireBody: Schemas["RecordHire"] = { talentId, partnerId, vacancyId: null, startsOn: "2026-03-20", hiredOn: null };
await recruiter.POST("/api/v1/hires", { body: hireBody }); // refused: the Idempotency-Key header is required

// A registration without an e-mail address.
const registration: Schemas["RegisterTalent"] = { // refused: email is required
  fullName: "Priya Raman", phone: null, countryOfResidence: "IN", municipalityOfResidence: null, languages: ["en"],
  competenceAreas: ["Battery engineering"], educationLevel: "Master", yearsOfExperience: 7, preferredMunicipalities: [],
  accompanyingPartner: null, heardAboutUsVia: "Event", heardAboutUsDetails: null, about: null,
  shareWithPartners: true, shareWithMunicipalities: false,
};

// Reading a statement as if money were text, a month an object, and a correction always there.
declare const line: Schemas["StatementLine"];
const amountText: string = line.amount.amount; // refused: money is a number
const correctedYear: number = line.corrects.year; // refused: a month is a string, and it may be null
const hireId: string = line.hireId; // refused: a licence line has no hire

// Reading a body from an erasure, which answers 204 only.
const erased = await recruiter.POST("/api/v1/talents/{talentId}/erasure", { params: { path: { talentId } } });
const erasedId: string = erased.data.id; // refused: 204 has no body

export { withoutStart, registration, amountText, correctedYear, hireId, erasedId };
