/** Node 20's global fetch as core's HttpFetch port (the signal is a real AbortSignal at run time). */
import type { HttpFetch } from '../core/hub/http';

export const nodeFetch: HttpFetch = (url, request) => fetch(url, request as RequestInit);
