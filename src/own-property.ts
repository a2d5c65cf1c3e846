// Copying objects whose keys come from outside (Azure payloads, ARM templates): `out[key] = value` with the key
// `__proto__` sets the copy's prototype instead of adding a key, so the key is lost and its value is inherited by every
// read of the copy. JSON.parse keeps such a key as data; so do the copies made with this.

/** Sets `key` on `target` as its own enumerable property, whatever the key (`__proto__` included). */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
