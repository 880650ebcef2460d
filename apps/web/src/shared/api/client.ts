import { ApiError, type Problem } from './problem.ts';

export const apiBase = '/api/v1';

/**
 * The console is authenticated by the `vaxel_session` cookie. The API asks cookie requests with
 * unsafe methods to carry `X-Requested-With: vaxel` (its CSRF guard), so every request sends it.
 */
const baseHeaders = { 'X-Requested-With': 'vaxel', Accept: 'application/json, application/problem+json' };

type RequestOptions = {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | undefined | null>;
};

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Turns any failed response into an ApiError, also when the body is not problem+json. */
export async function toApiError(response: Response): Promise<ApiError> {
  let problem: Problem;
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    problem = {
      ...parsed,
      title: parsed.title ?? response.statusText,
      status: parsed.status ?? response.status,
      code: parsed.code ?? `http_${response.status}`,
    } as Problem;
  } catch {
    problem = {
      title: response.statusText || 'Request failed',
      status: response.status,
      code: `http_${response.status}`,
      detail: text.slice(0, 500),
    };
  }
  return new ApiError(problem);
}

function networkError(cause: unknown): ApiError {
  return new ApiError({
    title: 'Network error',
    status: 0,
    code: 'network_error',
    detail: cause instanceof Error ? cause.message : String(cause),
  });
}

/** JSON request against /api/v1; resolves to the parsed body (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...baseHeaders };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(`${apiBase}${path}`, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/** A binary response (audio) as a Blob, errors as ApiError. */
export async function apiBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method: options.method ?? 'GET',
      headers: { ...baseHeaders, ...(options.body ? { 'Content-Type': 'application/json' } : {}) },
      body: options.body ? JSON.stringify(options.body) : undefined,
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok) throw await toApiError(response);
  return response.blob();
}

/**
 * Multipart upload with progress (fetch cannot report upload progress, XMLHttpRequest can).
 * `onProgress` gets a fraction 0..1.
 */
export function apiUpload<T>(
  path: string,
  form: FormData,
  onProgress?: (fraction: number) => void,
  method = 'POST',
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, `${apiBase}${path}`);
    xhr.withCredentials = true;
    for (const [k, v] of Object.entries(baseHeaders)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(networkError(new Error('upload failed')));
    xhr.onload = async () => {
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'application/json' },
      });
      if (!response.ok) return reject(await toApiError(response));
      resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
    };
    xhr.send(form);
  });
}

/** Path of an organisation resource. */
export const orgPath = (orgId: string, rest = '') => `/orgs/${encodeURIComponent(orgId)}${rest}`;

/** Absolute URL (for <audio src>, download links) of an organisation resource. */
export const orgUrl = (orgId: string, rest = '') => `${apiBase}${orgPath(orgId, rest)}`;
