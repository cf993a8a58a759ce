import { ReadError } from '../embeddings/randomAccess';

/** Every failure talking to the Hub is one HubError with a kind (for code) and a one-line message (for people). */
export type HubErrorKind =
  | 'offline'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'redirect'
  | 'truncated'
  | 'too-large'
  | 'changed'
  | 'range-unsupported'
  | 'bad-response'
  | 'cancelled'
  | 'http';

export class HubError extends ReadError {
  constructor(
    readonly kind: HubErrorKind,
    message: string,
    /** The Hub's X-Error-Code (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo…), when it gave one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/** What a file on the Hub is: where it lives and which version of it we saw. */
export interface HubFileRef {
  readonly repo: string;
  readonly revision: string;
  readonly file: string;
}

export function describeRef(ref: HubFileRef): string {
  return `${ref.repo}@${ref.revision}/${ref.file}`;
}

/** The one-line message for an HTTP error status on `ref`. */
export function statusError(ref: HubFileRef, status: number, withToken: boolean, errorCode: string | null): HubError {
  const where = describeRef(ref);
  switch (status) {
    case 401:
      return withToken
        ? new HubError('unauthorized', `${where}: the Hub refused the token (401): it is invalid or expired, or cannot see this gated or private model`)
        : new HubError(
            'unauthorized',
            `${where}: the Hub requires a token (401): the model is gated or private; accept its terms on the Hub, then set HF_TOKEN or store a token`,
          );
    case 403:
      return withToken
        ? new HubError('forbidden', `${where}: the token has no access to this gated model (403); request access on the model's page`)
        : new HubError('forbidden', `${where}: the Hub refused access without a token (403): the model is gated or private; request access on its page, then set HF_TOKEN or store a token`);
    case 404: {
      const what =
        errorCode === 'RepoNotFound'
          ? `repository ${ref.repo} not found`
          : errorCode === 'RevisionNotFound'
            ? `revision ${ref.revision} not found`
            : 'not found';
      return new HubError('not-found', `${where}: ${what} (404): check the repository name, revision and file name`, errorCode ?? undefined);
    }
    default:
      return new HubError('http', `${where}: expected a successful response, found HTTP ${status}`);
  }
}
