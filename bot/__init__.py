"""pressbot: a WeCom/DingTalk assistant for a publicity office's press conferences."""
