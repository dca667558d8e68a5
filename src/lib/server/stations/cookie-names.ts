/** The station cookie's names: `__Host-station` over TLS, `station` over plain http (stations/http.ts sets it). */
export const STATION_COOKIES = ['__Host-station', 'station'] as const;
