/** Files in and out: the presigned POST with progress, and downloads that need the bearer token. */
import { ApiError, call, type PresignedPost } from './api.ts';

/** Posts the file to the presigned URL (S3 or the local s3rver), reporting progress from 0 to 1. */
export function postToStorage(
  post: PresignedPost,
  file: File,
  onProgress: (share: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append('file', file);
    const request = new XMLHttpRequest();
    request.open('POST', post.url);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      const tooLarge = request.responseText.includes('EntityTooLarge');
      reject(
        new ApiError(
          request.status,
          tooLarge ? 'FILE_TOO_LARGE' : 'STORAGE_REFUSED',
          tooLarge
            ? '文件超过允许的大小，未能上传'
            : `文件存储服务拒绝了上传（HTTP ${request.status}），请稍后重试`,
        ),
      );
    });
    request.addEventListener('error', () =>
      reject(new ApiError(0, 'NETWORK', '上传中断：无法连接文件存储服务，请检查网络后重试')),
    );
    request.send(form);
  });
}

function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return plain ?? fallback;
}

/** Fetches an API download with the token and saves it under the server's file name. */
export async function download(path: string, fallbackName: string): Promise<string> {
  const response = await call('GET', path);
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('application/json') && !fallbackName.endsWith('.json')) {
    // A host that answers with a short-lived link (CloudFront/S3) instead of the bytes.
    const { url } = (await response.json()) as { url?: string };
    if (url) {
      window.location.assign(url);
      return fallbackName;
    }
  }
  const name = fileNameOf(response, fallbackName);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}
