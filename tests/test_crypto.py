"""Crypto address validation: known vectors and properties."""

from __future__ import annotations

import base58
from hypothesis import given
from hypothesis import strategies as st

from tnoc.ingest.crypto import check_address, eip55


def test_known_addresses() -> None:
    assert check_address("12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", "XBT")[1] == "valid"
    assert check_address("12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9i", "XBT")[0] is None
    # BIP-173 and BIP-350 test vectors
    assert check_address("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "BTC") == (
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "valid")
    assert check_address(
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "BTC")[1] == "valid"
    # a bech32 (v0 checksum) string with witness version 1 is invalid under BIP-350
    v1_with_bech32 = ("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k"
                      "7grplx")
    assert check_address(v1_with_bech32, "BTC")[0] is None
    # EIP-55 test vectors
    for address in ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"):
        assert eip55(address[2:]) == address
        assert check_address(address, "ETH") == (address.lower(), "valid")
    assert check_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "ETH")[0] is None
    assert check_address("TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", "USDT")[1] == "valid"
    assert check_address("TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", "XBT")[0] is None
    assert check_address("49HqitRzdnhYjgTEAhgGpCfsjdTeMbUT", "XMR")[1] == "unchecked"


@given(st.binary(min_size=20, max_size=20), st.sampled_from([0x00, 0x05]))
def test_base58check_round_trip(payload: bytes, version: int) -> None:
    address = base58.b58encode_check(bytes([version]) + payload).decode()
    assert check_address(address, "BTC") == (address, "valid")


@given(st.binary(min_size=20, max_size=20))
def test_eip55_accepts_its_own_output(payload: bytes) -> None:
    address = eip55(payload.hex())
    assert check_address(address, "ETH")[1] == "valid"
    assert check_address(address.lower(), "ETH")[1] == "valid"
