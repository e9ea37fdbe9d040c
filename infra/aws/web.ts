// The web app: a private bucket behind CloudFront (origin access control, HTTPS only), served with
// the headers the local host sends (web/build.ts), and its config.json naming the API and sign-in.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildWebApp, webAppHeaders } from '../../web/build.ts';
import type { DeploymentConfig } from '../../web/src/api.ts';
import { acknowledge } from './nag-suppressions.ts';

/** CloudFront's form of the web app's headers; it refuses a header it does not know how to send. */
function securityHeadersOf(headers: Record<string, string>): cloudfront.ResponseSecurityHeadersBehavior {
  const behavior: cloudfront.ResponseSecurityHeadersBehavior = {
    // HTTPS only on AWS: browsers keep to it for a year.
    strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: false, override: true },
  };
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'content-security-policy') Object.assign(behavior, { contentSecurityPolicy: { contentSecurityPolicy: value, override: true } });
    else if (name === 'x-content-type-options' && value === 'nosniff') Object.assign(behavior, { contentTypeOptions: { override: true } });
    else if (name === 'x-frame-options' && (value === 'DENY' || value === 'SAMEORIGIN')) Object.assign(behavior, { frameOptions: { frameOption: cloudfront.HeadersFrameOption[value], override: true } });
    else if (name === 'referrer-policy' && (Object.values(cloudfront.HeadersReferrerPolicy) as string[]).includes(value)) Object.assign(behavior, { referrerPolicy: { referrerPolicy: value, override: true } });
    else throw new Error(`CloudFront cannot send the web app's ${name}: ${value}`);
  }
  return behavior;
}

export class WebApp extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** https://… of the distribution: the app's origin, sign-in's callback, the API's one CORS origin. */
  readonly origin: string;

  /** `connectTo`: the other origins the app fetches from (the API, the sign-in's token endpoint). */
  constructor(scope: Construct, id: string, { connectTo }: { connectTo: readonly string[] }) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Files', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge.webBucket(this.bucket);
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'The web app’s security headers, as the local host sends them (web/build.ts)',
      securityHeadersBehavior: securityHeadersOf(webAppHeaders(connectTo.join(' '))),
    });
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        responseHeadersPolicy: headers,
      },
      errorResponses: [{ httpStatus: 404, responseHttpStatus: 200, responsePagePath: '/index.html' }],
    });
    acknowledge.distribution(this.distribution);
    this.origin = `https://${this.distribution.distributionDomainName}`;
  }

  /** Builds the app and deploys it with the config.json it reads on AWS. */
  publish(rootDir: string, config: DeploymentConfig): void {
    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(buildWebApp(rootDir)), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
    });
    acknowledge.webAppDeployment(deployment.handlerRole, this.bucket);
  }
}
