// Caches for the pure functions the rules call over and over, one way each: by a string key, or the last answer.

/**
 * `compute` with its answers kept by key, at most `max` of them (the map is emptied when full: a run's working set is
 * far smaller). For a pure function of a string, such as an ID's normal form.
 */
export function memoByKey<R>(compute: (key: string) => R, max: number): (key: string) => R {
  const answers = new Map<string, R>();
  return (key) => {
    const known = answers.get(key);
    if (known !== undefined || answers.has(key)) return known as R;
    const answer = compute(key);
    if (answers.size >= max) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}

/**
 * `compute` keeping its last answer: called again with the same arguments (the same objects: compared by identity),
 * it returns that answer without computing again. For a pure function that several rules call in turn for one
 * integration; its callers only read the answer, and nothing changes the arguments.
 */
export function rememberLast<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: { args: A; answer: R } | undefined;
  return (...args) => {
    if (last && last.args.length === args.length && last.args.every((arg, i) => arg === args[i])) return last.answer;
    const answer = compute(...args);
    last = { args, answer };
    return answer;
  };
}
