/**
 * Presigned S3 requests for the API: a POST policy for browser uploads (exact key, content-length
 * range, expiry) and short-lived GET links for downloads. Against s3rver the embedded stack checks
 * the POST policy itself (embedded/postPolicy.ts), as S3 does.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DownloadLinks, UploadPresigner } from '../ports.ts';

export function createS3UploadPresigner(
  s3: S3Client,
  bucket: string,
  now: () => Date = () => new Date(),
): UploadPresigner {
  return {
    async presign({ key, maxBytes, expiresSeconds }) {
      const post = await createPresignedPost(s3, {
        Bucket: bucket,
        Key: key,
        Conditions: [
          ['eq', '$key', key],
          ['content-length-range', 1, maxBytes],
        ],
        Expires: expiresSeconds,
      });
      return {
        url: post.url,
        fields: post.fields,
        expiresAt: new Date(now().getTime() + expiresSeconds * 1000).toISOString(),
      };
    },
  };
}

export function createS3DownloadLinks(s3: S3Client, bucket: string): DownloadLinks {
  return {
    mode: 'redirect',
    url: ({ key, fileName, expiresSeconds }) =>
      getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        }),
        { expiresIn: expiresSeconds },
      ),
  };
}
