// URL parameter shapes, shared by every route group: a segment that fails its pattern is
// simply a page that does not exist (the error handler answers 404).
export const slugParam = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } as const;
export const idParam = { type: 'string', pattern: '^[0-9]{1,10}$' } as const;

type Param = typeof slugParam | typeof idParam;

/** A route schema for these params, e.g. params({ cohort: slugParam, id: idParam }). */
export function params<T extends Record<string, Param>>(properties: T) {
  return {
    params: { type: 'object', properties, required: Object.keys(properties) },
  } as const;
}
