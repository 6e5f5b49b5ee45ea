"""Dashboard POSTs took any Origin and no token (SameSite=Lax only); /admin/signin took 300
wrong tokens in 0.7 s and then the right one."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import ADMIN_TOKEN

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def signed_in_without_token_header(site) -> str:
    await site.sign_in()
    token = site.client.session.headers.pop("X-CSRF-Token")
    return token


async def test_a_post_from_a_foreign_origin_is_refused(site):
    token = await signed_in_without_token_header(site)
    resp = await site.client.post("/admin/logout", data={"csrf": token},
                                  headers={"Origin": "https://evil.example"})
    assert resp.status == 403
    assert (await site.client.get("/admin")).status == 200  # still signed in


async def test_a_post_without_the_session_token_is_refused(site):
    await signed_in_without_token_header(site)
    resp = await site.client.post("/admin/logout", headers={"Origin": str(site.client.make_url("")).rstrip("/")})
    assert resp.status == 403
    assert (await site.client.get("/admin")).status == 200


async def test_the_forms_carry_the_token_and_it_works(site):
    await signed_in_without_token_header(site)
    page = await site.text("/admin/upload")
    tokens = set(re.findall(r'name="csrf" value="([^"]+)"', page)) | set(re.findall(r"csrf=([^\"&]+)", page))
    assert len(tokens) == 1
    resp = await site.client.post("/admin/logout", data={"csrf": tokens.pop()})
    assert resp.status == 200
    assert (await site.client.get("/admin")).status == 401


async def test_wrong_tokens_are_limited_and_then_even_the_right_one_waits(site, start_site):
    statuses = [(await site.client.post("/admin/signin", data={"token": f"guess{i}"})).status
                for i in range(30)]
    assert statuses[0] == 403 and statuses[-1] == 429
    assert statuses.count(403) <= 10
    resp = await site.client.post("/admin/signin", data={"token": ADMIN_TOKEN}, allow_redirects=False)
    assert resp.status == 429 and int(resp.headers["Retry-After"]) > 0
    # another instance on the same database (or this one restarted) keeps the count
    other = await start_site(demo=False)
    resp = await other.client.post("/admin/signin", data={"token": ADMIN_TOKEN}, allow_redirects=False)
    assert resp.status == 429


async def test_a_form_sent_in_chunks_cannot_slip_past_the_size_cap(site):
    """The 64 KB cap read Content-Length only: the same 900 KB form sent chunked was taken."""
    await site.sign_in()

    async def chunks():
        for _ in range(900):
            yield b"x" * 1024

    resp = await site.client.post("/admin/logout", data=chunks(),
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status == 411 and "没有注明长度" in await resp.text()
    assert (await site.client.get("/admin")).status == 200  # the form did nothing: still signed in
    resp = await site.client.post("/admin/logout", data=b"x" * 70_000,
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status == 413
