// Reference profiles (issue 3): profile(), serializeProfile() / parseProfile(), mergeProfiles().
export { profile } from './build.js';
export { serializeProfile, parseProfile } from './serialize.js';
export { mergeProfiles } from './merge.js';
export {
  PROFILE_FORMAT, PROFILE_VERSION, DEFAULT_PROFILE_BINS, DEFAULT_SAMPLE_CAPACITY, DEFAULT_QUANTILE_PROBS, MAX_SAMPLE_CAPACITY,
  type ColumnInput, type Columns, type FeatureKind, type NumericProfile, type CategoricalProfile, type FeatureProfile,
  type ReferenceProfile, type ProfileOptions, type ProfileRoles,
} from './types.js';
export { DEFAULT_CATEGORY_CAPACITY, MAX_CATEGORY_CAPACITY, MAX_CATEGORY_LENGTH, otherDistinct, type OtherBucket } from './categories.js';
