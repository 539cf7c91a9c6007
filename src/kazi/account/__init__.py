"""The whole account: everything stored about a user, to download or to delete."""
