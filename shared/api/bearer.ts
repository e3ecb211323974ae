/** `Authorization: Bearer …` → the identity in a local token (`ipstats serve`). */
import { TokenError, type TokenService } from '../auth/tokens.ts';
import type { Authenticate } from './deps.ts';
import { ApiError } from './errors.ts';

export function bearerAuthentication(tokens: TokenService): Authenticate {
  return async ({ authorization }) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new ApiError('UNAUTHENTICATED');
    try {
      return await tokens.verify(token);
    } catch (error) {
      if (error instanceof TokenError)
        throw new ApiError(error.reason === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID', undefined, {
          cause: error,
        });
      throw error;
    }
  };
}
