// Prints every way a TypeScript file could step around the type checker, one per line ("file:line: what"):
// casts (`x as T` but `as const`, `<T>x`), non-null assertions (`x!`), `any`, and @ts-ignore / @ts-expect-error /
// @ts-nocheck directives. Uses the compiler's own parser, so strings and comments that merely mention them do not count.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const ts = createRequire(import.meta.url)("typescript");

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const report = (position, what) => console.log(`${file}:${source.getLineAndCharacterOfPosition(position).line + 1}: ${what}`);

  const visit = node => {
    if (ts.isAsExpression(node) && !(ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(source) === "const")) {
      report(node.getStart(source), `cast: ${node.getText(source)}`);
    } else if (ts.isTypeAssertionExpression(node)) {
      report(node.getStart(source), `cast: ${node.getText(source)}`);
    } else if (ts.isNonNullExpression(node)) {
      report(node.getStart(source), `non-null assertion: ${node.getText(source)}`);
    } else if (node.kind === ts.SyntaxKind.AnyKeyword) {
      report(node.getStart(source), "any");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if ((kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia)
        && /@ts-(ignore|expect-error|nocheck)/.test(scanner.getTokenText())) {
      report(scanner.getTokenStart(), `suppression: ${scanner.getTokenText().trim()}`);
    }
  }
}
