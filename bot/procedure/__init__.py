"""The office's procedure around each event (domain.md): approval in steps, material files and
their pack, publication (预告 / 实录). Pure rules and small store functions; the chat handlers
(``bot.handlers.materials``, ``approval``, ``publication``) and the rounds call them."""
