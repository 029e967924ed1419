/**
 * How a long stage tells its caller how far it got, without knowing where that goes: `done` of `total`
 * steps, `item` being the step just finished. Stages take it as an optional callback (absent: no cost);
 * cli/progress.ts turns it into a line on a terminal or groups in a CI log. Only this type is shared, so pure
 * stages never import terminal code.
 */
export type OnProgress<Item = string> = (done: number, total: number, item: Item) => void;
