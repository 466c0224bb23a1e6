// Data-quality contracts (issue 6): deriveContract() from a reference profile, parseContract() /
// serializeContract() for the editable JSON/YAML form (docs/contracts.md), validate() per batch and
// ContractAccumulator per window. Browser-safe.
export {
  CONTRACT_FORMAT, CONTRACT_VERSION, CONTRACT_DEFAULTS, RULES, COLUMN_RULES, VALUE_RULES, OTHER_COLUMNS,
  type DataContract, type FeatureContract, type ColumnsContract, type DeriveContractOptions, type RuleName, type ColumnRule, type ValueRule,
} from './contract.js';
export { deriveContract } from './derive.js';
export { parseContract, serializeContract } from './serialize.js';
export {
  validate, type Violation, type ValidationResult, type WindowValidation, type ValidateOptions, type ContractBatch, type Example,
} from './validate.js';
export { ContractAccumulator, type ContractWindowJSON, type HitJSON } from './window.js';
