"""Telegram chat flows: parse the update, call ``bot.service.Brief``, render the reply.

``handlers.registry.register_all`` wires them; ``handlers.context`` holds their types.
"""
