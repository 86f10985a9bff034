//! OpenID Connect, as a relying party: the authorization code flow with PKCE, state and nonce,
//! and an ID token checked against the provider's published keys.

use base64::Engine;
use openidconnect::core::{CoreClient, CoreProviderMetadata, CoreResponseType};
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde_json::Value;

/// Where a relying party stands with one provider.
pub struct RelyingParty {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
}

/// What to send the browser to, and what to keep until it comes back.
pub struct AuthorizationRequest {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// The claims of a verified ID token.
#[derive(Debug)]
pub struct VerifiedIdentity {
    pub subject: String,
    /// Every claim of the token, to read provider-specific ones (such as groups) from.
    pub claims: Value,
}

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("the identity provider's settings are not valid: {0}")]
    Configuration(String),
    #[error("the identity provider could not be reached or described itself wrongly: {0}")]
    Discovery(String),
    #[error("the identity provider refused the sign-in: {0}")]
    Exchange(String),
    #[error("the identity provider's answer could not be verified: {0}")]
    Verification(String),
}

fn http_client() -> Result<openidconnect::reqwest::Client, OidcError> {
    // Redirects are not followed: a provider answering the back channel with one is misbehaving.
    openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| OidcError::Configuration(e.to_string()))
}

impl RelyingParty {
    async fn metadata(
        &self,
        http: &openidconnect::reqwest::Client,
    ) -> Result<CoreProviderMetadata, OidcError> {
        let issuer = IssuerUrl::new(self.issuer.clone())
            .map_err(|e| OidcError::Configuration(format!("issuer: {e}")))?;
        CoreProviderMetadata::discover_async(issuer, http)
            .await
            .map_err(|e| OidcError::Discovery(chain(&e)))
    }

    fn redirect(&self) -> Result<RedirectUrl, OidcError> {
        RedirectUrl::new(self.redirect_uri.clone())
            .map_err(|e| OidcError::Configuration(format!("redirect URI: {e}")))
    }

    /// Discovers the provider and builds the URL that starts a sign-in.
    pub async fn begin(&self) -> Result<AuthorizationRequest, OidcError> {
        let http = http_client()?;
        let client = CoreClient::from_provider_metadata(
            self.metadata(&http).await?,
            ClientId::new(self.client_id.clone()),
            Some(ClientSecret::new(self.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect()?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .add_scope(Scope::new("groups".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(AuthorizationRequest {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code for tokens and verifies the ID token: signature against the
    /// provider's keys, issuer, audience, expiry and our nonce.
    pub async fn finish(
        &self,
        code: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<VerifiedIdentity, OidcError> {
        let http = http_client()?;
        let client = CoreClient::from_provider_metadata(
            self.metadata(&http).await?,
            ClientId::new(self.client_id.clone()),
            Some(ClientSecret::new(self.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect()?);
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OidcError::Configuration(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&http)
            .await
            .map_err(|e| OidcError::Exchange(chain(&e)))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| OidcError::Verification("no ID token was returned".into()))?;
        let verified = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(nonce.to_owned()))
            .map_err(|e| OidcError::Verification(chain(&e)))?;
        // The token is verified; its payload can now be read for claims the typed view lacks.
        let payload = id_token
            .to_string()
            .split('.')
            .nth(1)
            .map(str::to_owned)
            .unwrap_or_default();
        let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or(Value::Null);
        Ok(VerifiedIdentity {
            subject: verified.subject().to_string(),
            claims,
        })
    }
}

fn chain(error: &dyn std::error::Error) -> String {
    paddock_core::report::error_chain(error)
}
