/** Error classes shared by the domain and adapters. Each carries its `cause`. */

export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** An S3 key outside `uploads/{cityCode}/{period}/{fileName}`. */
export class UploadKeyError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'UploadKeyError';
  }
}

/** A store operation failed after its retries. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}
