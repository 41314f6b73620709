"""Outgoing messages: stored in an outbox in the same transaction as the change, sent later."""
