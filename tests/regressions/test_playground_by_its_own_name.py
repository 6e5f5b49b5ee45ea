"""DNS rebinding: a web page the developer visits points its own host name at 127.0.0.1, so the
browser treats the local playground as that page's origin (the Origin check passes: it matches the
Host). It could then speak as the office ("后台") and read the sign-in link back. The playground now
answers only under a name that is this machine's (an IP address, localhost) or PRESSBOT_PUBLIC_URL's."""
from __future__ import annotations

import pytest

from store.models import InboundMessage

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize("path", ["/playground", "/playground/messages?person=1&after=0"])
async def test_a_foreign_host_name_gets_no_playground(site, path):
    resp = await site.client.get(path, headers={"Host": "rebind.example:8080"})
    assert resp.status == 403 and "PRESSBOT_PUBLIC_URL" in await resp.text()


async def test_a_foreign_host_name_cannot_speak(site):
    resp = await site.client.post("/playground/say", data={"person": "1", "text": "后台"},
                                  headers={"Host": "rebind.example:8080", "Origin": "http://rebind.example:8080"})
    assert resp.status == 403
    assert await site.count(InboundMessage) == 0


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "192.168.1.20:8080"])
async def test_this_machines_names_get_the_playground(site, host):
    resp = await site.client.get("/playground", headers={"Host": host})
    assert resp.status == 200


async def test_the_public_url_name_gets_the_playground(start_site):
    site = await start_site(PRESSBOT_PUBLIC_URL="https://press.example.gov.cn", PRESSBOT_PLAYGROUND="on")
    resp = await site.client.get("/playground", headers={"Host": "press.example.gov.cn"})
    assert resp.status == 200
