import type { ValidateFunction } from "ajv";
export declare const schemaHash: string;
declare const validate: ValidateFunction;
export default validate;
