"""Fake WeCom and DingTalk servers on 127.0.0.1 speaking the real protocols, and builders of
real signed/encrypted requests. Reusable by every test that needs a messenger."""
