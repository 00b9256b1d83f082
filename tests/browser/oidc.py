"""Sign-in in the browser tests: a local OpenID Connect provider and the app configured for it.

The provider is oidc-provider-mock (requirements-dev.txt) in a thread of the test process: any
client id and secret work, and its authorization form signs in whoever's `sub` is typed. The
app gets an [auth] section through `--secrets.files`, so the repository's own
.streamlit/secrets.toml (if someone has one) is never read or written.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx

with warnings.catch_warnings():
    # Authlib 1.9 deprecates modules the provider imports, and its own import puts an "always"
    # filter for those warnings first: silence them for this import only.
    from authlib.deprecate import AuthlibDeprecationWarning

    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from oidc_provider_mock import run_server_in_thread

from tests.browser.helpers import _free_port, streamlit_server, wait_for_app

SECRETS = """\
[auth]
redirect_uri = "http://localhost:{app_port}/oauth2callback"
cookie_secret = "browser-test-cookie-secret-of-some-length"
client_id = "school-goals-tests"
client_secret = "any-secret-works-with-the-mock"
server_metadata_url = "{provider}/.well-known/openid-configuration"
"""


@contextmanager
def identity_provider() -> Iterator[str]:
    """A local OIDC provider for the duration; yields its issuer URL (http://localhost:PORT)."""
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def add_user(provider: str, email: str) -> None:
    """Tell the provider the claims of the person whose subject is `email` (as a school's
    identity provider would: the email claim is what the app matches against staff.csv)."""
    answer = httpx.put(f"{provider}/users/{quote(email)}", json={"email": email, "email_verified": True})
    answer.raise_for_status()


@contextmanager
def running_app_with_sign_in(database: Path, home: Path, provider: str) -> Iterator[str]:
    """`streamlit run serve.py` with [auth] pointing at `provider`, over `database`; yields its URL.

    The URL's host is localhost, as in the redirect URI: the identity cookie is set for the
    redirect URI's host, so the browser must use the same one.
    """
    port = _free_port()
    secrets = home / "secrets.toml"
    secrets.write_text(SECRETS.format(app_port=port, provider=provider), encoding="utf-8")
    with streamlit_server(database, home, port, secrets, host="localhost") as url:
        yield url


def sign_in(page, app_url: str, email: str) -> None:
    """Open the app, press Sign in, sign in as `email` on the provider's form, and wait until the
    app has drawn the page it comes back to (Streamlit always returns to the app's root)."""
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app_url}/")
    wait_for_app(page)
