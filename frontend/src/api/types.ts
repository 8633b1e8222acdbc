// Names for the generated API types. Every type here is an alias of `components["schemas"]` or
// `paths` in the generated schema.d.ts: nothing about the API is written by hand. When the spec
// changes, run `npm run gen` and let the compiler point at what moved.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type ErrorBody = Schemas['ErrorBody'];
export type UserView = Schemas['UserView'];
export type Role = Schemas['RoleView'];
export type LoginRequest = Schemas['LoginRequest'];
export type LoginResponse = Schemas['LoginResponse'];
export type CycleView = Schemas['CycleView'];
export type AccountManagerSummary = Schemas['AccountManagerSummary'];
export type AccountManagerAssessment = Schemas['AccountManagerAssessment'];
export type CategoryAssessment = Schemas['CategoryAssessment'];
export type MeasureAssessment = Schemas['MeasureAssessment'];
export type Standing = Schemas['Standing'];
export type Interval = Schemas['Interval'];

/** The JSON body of a successful GET of `path`. */
export type GetData<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;

/** A list endpoint's items, whether the endpoint answers a bare array or a page. */
export type ItemsOf<T> = T extends readonly (infer I)[]
  ? I
  : T extends { items: readonly (infer I)[] }
    ? I
    : never;
