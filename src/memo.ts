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
 * `compute` keeping its last answer: called again with the same arguments (compared with `===`: the same objects, or
 * equal strings), it returns that answer without computing again. For a pure function that the rules call in turn
 * for one integration (its workspace a dozen times, the same pools by two rules); its callers only read the answer,
 * and nothing changes the arguments. One or two arguments, compared without allocating: it sits on the engine's
 * hottest paths.
 */
export function rememberLast<A, R>(compute: (a: A) => R): (a: A) => R;
export function rememberLast<A, B, R>(compute: (a: A, b: B) => R): (a: A, b: B) => R;
export function rememberLast<A, B, R>(compute: (a: A, b: B) => R): (a: A, b: B) => R {
  let known = false;
  let lastA: A | undefined;
  let lastB: B | undefined;
  let answer: R | undefined;
  return (a, b) => {
    if (!known || a !== lastA || b !== lastB) {
      answer = compute(a, b);
      lastA = a;
      lastB = b;
      known = true;
    }
    return answer as R;
  };
}
