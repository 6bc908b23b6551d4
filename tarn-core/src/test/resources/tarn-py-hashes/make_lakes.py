"""Writes the lakes beside this file with Python tarn 0.14.0: one per hash config, each holding b'hello world\n'.

Run with Python tarn's source and pydantic 1 (Debian's python3-pydantic is 1.10), from this folder:
    . ../../../../../../shared/tarn-py/env.sh && $TARN_PY make_lakes.py
config.yml is what tarn's init_storage writes; the value is stored by HashKeyStorage over DiskDict.
"""
import shutil
from pathlib import Path

import pydantic
from tarn import DiskDict, HashKeyStorage
from tarn.config import StorageConfig, init_storage

assert pydantic.VERSION.startswith('1.'), pydantic.VERSION
HERE = Path(__file__).resolve().parent
LAKES = {
    'md5': 'md5', 'sha1': 'sha1', 'sha224': 'sha224', 'sha256': 'sha256', 'sha384': 'sha384', 'sha512': 'sha512',
    'sha3_224': 'sha3_224', 'sha3_256': 'sha3_256', 'sha3_384': 'sha3_384', 'sha3_512': 'sha3_512',
    'blake2b': 'blake2b', 'blake2s': 'blake2s',
    'blake2b-16': {'name': 'blake2b', 'digest_size': 16},
    'blake2b-32': {'name': 'blake2b', 'digest_size': 32},
    'blake2b-64': {'name': 'blake2b', 'digest_size': 64},
    'blake2s-16': {'name': 'blake2s', 'digest_size': 16},
    'blake2s-32': {'name': 'blake2s', 'digest_size': 32},
}
for name, hash_config in LAKES.items():
    root = HERE / name
    shutil.rmtree(root, ignore_errors=True)
    init_storage(StorageConfig(hash=hash_config), root)
    key = HashKeyStorage(DiskDict(root)).write(b'hello world\n')
    print(name, key.hex())
