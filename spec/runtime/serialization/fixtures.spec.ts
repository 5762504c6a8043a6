// Archives saved by real PyTorch 1.13 (spec/fixtures/make_archives.py) load here, run with
// PyTorch's results, and print the same `.code` PyTorch prints for the loaded methods; saved
// again, they are what PyTorch writes when it saves the module it loaded, record for record.

import assert from 'node:assert/strict';
import '../../../compiler/compilation_unit.js';
import '../../../runtime/ops/index.js';
import { loadArchive, saveArchive } from '../../../runtime/serialization/index.js';
import { ZipReader } from '../../../runtime/serialization/zip/zip_reader.js';
import { difference } from '../../support/values.js';
import {
  archiveFixtures,
  callWithFixtureValues,
  fixtureArchive,
  methodCode,
  resavedFixtureArchive,
} from './support.js';

const tolerance = { rtol: 1e-5, atol: 1e-6 };

describe('archives saved by PyTorch', () => {
  for (const [name, fixture] of Object.entries(archiveFixtures())) {
    describe(name, () => {
      it('loads and runs with the results PyTorch recorded', () => {
        const { module, version } = loadArchive(fixtureArchive(name));
        assert.equal(BigInt(version), fixture.version);
        assert.deepEqual(ZipReader.open(fixtureArchive(name)).names, fixture.files);
        for (const call of fixture.calls) {
          const got = callWithFixtureValues(module.object, call);
          const diff = difference(got, call.result, tolerance);
          assert.equal(diff, null, `${call.method}: ${diff}`);
        }
      });

      it('prints the .code PyTorch prints for every method', () => {
        const { module } = loadArchive(fixtureArchive(name));
        for (const [method, code] of Object.entries(fixture.code)) {
          assert.equal(methodCode(module.object, method), code, method);
        }
      });

      it('saves it again as PyTorch saves the module it loaded (all but .debug_pkl)', () => {
        const { module } = loadArchive(fixtureArchive(name));
        const ours = ZipReader.open(saveArchive(module, { name }));
        const theirs = ZipReader.open(resavedFixtureArchive(name));
        const records = theirs.names.filter((n) => !n.endsWith('.debug_pkl'));
        assert.deepEqual(ours.names, records);
        for (const r of records) assert.deepEqual(ours.read(r), theirs.read(r), r);
      });

      it('loads what it saved, with the same results', () => {
        const first = loadArchive(fixtureArchive(name)).module;
        const { module } = loadArchive(saveArchive(first));
        for (const call of fixture.calls) {
          const diff = difference(
            callWithFixtureValues(module.object, call),
            call.result,
            tolerance,
          );
          assert.equal(diff, null, `${call.method}: ${diff}`);
        }
      });
    });
  }
});
