"""The official and wechatpy test vectors (protocols.md §1.9, §4.1) against our crypto guard."""
from __future__ import annotations

import pytest

from bot.channels.base import Rejected
from bot.channels.dingtalk_http import sign
from bot.channels.wecom_crypto import SignedQuery, WeComCipher, parse_xml

A_TOKEN, A_KEY, A_CORP = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", "ww1436e0e65a779aee"  # noqa: E501
A2_E = ("Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew"
        "+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24Yhm"
        "ZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwoc"
        "ugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+")
B_TOKEN, B_KEY, B_CORP = "123456", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", "wx49f0ab532d5d035a"
B_ECHO = "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q=="
B3_E = ("RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6y"  # noqa: E501 - the official vector
        "dJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/T"
        "ywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6"
        "NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=")
A1_ECHO = "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA=="


def cipher(token, key, corp):
    return WeComCipher(token, key, corp, window=300)


def test_a1_url_verification():
    c = cipher(A_TOKEN, A_KEY, A_CORP)
    c.verify(SignedQuery("012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "1476416373", "47744683"), A1_ECHO)
    assert c.decrypt(A1_ECHO) == "1288432023552776189"


def test_a2_message_decrypts_to_the_official_plaintext():
    c = cipher(A_TOKEN, A_KEY, A_CORP)
    c.verify(SignedQuery("0c3914025cb4b4d68103f6bfc8db550f79dcf48e", "1476422779", "1597212914"), A2_E)
    msg = parse_xml(c.decrypt(A2_E))
    assert (msg["FromUserName"], msg["Content"], msg["MsgId"]) == ("ChenJiaShun", "你好", "1456453720")


def test_b1_verify_and_b2_one_digit_off_nonce_is_refused():
    c = cipher(B_TOKEN, B_KEY, B_CORP)
    c.verify(SignedQuery("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "1411443780", "437374425"), B_ECHO)
    assert c.decrypt(B_ECHO) == "5927782489442352469"
    with pytest.raises(Rejected) as exc:
        c.verify(SignedQuery("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "1411443780", "437374424"), B_ECHO)
    assert exc.value.reason == "signature"


def test_b3_decrypt():
    c = cipher(B_TOKEN, B_KEY, B_CORP)
    c.verify(SignedQuery("74d92dfeb87ba7c714f89d98870ae5eb62dff26d", "1411525903", "461056294"), B3_E)
    msg = parse_xml(c.decrypt(B3_E))
    assert (msg["FromUserName"], msg["Content"], msg["MsgId"]) == ("messense", "test", "4363689963896700987")


def test_b4_encrypt_with_a_fixed_random_prefix(monkeypatch):
    from wechatpy.crypto.base import BasePrpCrypto

    monkeypatch.setattr(BasePrpCrypto, "get_random_string", lambda self: "1234567890123456")
    plain = ("<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n"
             "<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n"
             "<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n"
             "<CreateTime>1411525903</CreateTime>\n</xml>")
    encrypt, signature = cipher(B_TOKEN, B_KEY, B_CORP).encrypt(plain, "461056294", "1411525903")
    assert encrypt.startswith("9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk")
    assert signature == "407518b7649e86ef23978113f92d27afa9296533"


def test_a_vector_under_the_wrong_corp_id_is_refused_as_such():
    with pytest.raises(Rejected) as exc:
        cipher(A_TOKEN, A_KEY, "wwsomeoneelse").decrypt(A2_E)
    assert (exc.value.status, exc.value.reason) == (403, "corp_id")


@pytest.mark.parametrize("timestamp, secret, expected", [
    ("1577262236757", "this is secret", "hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM="),
    ("1690362102194", "SECtestsecret", "LcJ7wTMpEkRlfkc5L0jG/3IJLguYiTv/BTD5KB/cazU="),
])
def test_dingtalk_sign(timestamp, secret, expected):
    assert sign(timestamp, secret) == expected
