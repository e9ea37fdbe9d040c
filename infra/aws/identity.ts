// Who is who: the Cognito user pool, a group per role, the hosted sign-in and the web app's client.
// A user's role (group) and organisation (custom:org) are set by an administrator only: the web
// app's client may not write them, and it signs in only through the hosted code flow with PKCE.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roles } from '../../system/description.ts';

/** How long an ID or access token lasts; the web app renews or signs in again after that. */
export const tokenValidity = Duration.hours(1);
/** How long a refresh token lasts: about a shift, so a shared device does not stay signed in for days. */
export const refreshTokenValidity = Duration.hours(12);

export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly signIn: cognito.UserPoolDomain;
  readonly groups: cognito.UserPoolGroup[];

  constructor(scope: Construct, id: string, { stage }: { stage: string }) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      // Cognito cannot require MFA for some groups only: it is required for every user (TOTP).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      // Mutable so that an administrator can move a user (AdminUpdateUserAttributes); no app client may write it.
      customAttributes: { org: new cognito.StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }) },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Distinct precedences, in the order of the role list, so that no two groups tie; the API
    // refuses a user in more than one role group rather than pick one.
    this.groups = roles.map((role, precedence) =>
      this.userPool.addGroup(`Role-${role}`, { groupName: role, precedence, description: `Puente role ${role}` }),
    );
    this.signIn = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: `puente-${stage}-${Stack.of(this).account}` } });
  }

  /** The issuer of the pool's tokens, as API Gateway's JWT authorizer checks them. */
  get issuer(): string {
    return `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  /** The web app's client: a public client (no secret) for the hosted sign-in's code flow with PKCE, returning to `webOrigin`. */
  addWebClient(webOrigin: string): cognito.UserPoolClient {
    return this.userPool.addClient('WebApp', {
      generateSecret: false,
      // No sign-in API flow (no SRP, no password): only the hosted sign-in, and refreshing its tokens.
      authFlows: { userSrp: false },
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${webOrigin}/`],
        logoutUrls: [`${webOrigin}/`],
      },
      // Listed, because an empty list lets a client write every attribute: users may set their locale only.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ locale: true }),
      readAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, emailVerified: true, locale: true }).withCustomAttributes('org'),
      idTokenValidity: tokenValidity,
      accessTokenValidity: tokenValidity,
      refreshTokenValidity,
      enableTokenRevocation: true,
    });
  }
}
