#!/usr/bin/env node
// validate.js - check a FollowTheMoney (FtM) JSON-lines export against the
// data model shipped in the npm package @alephdata/followthemoney.
//
// Usage: node validate.js FILE.jsonl      (use "-" to read stdin)
// Exit 0 and print "N entities accepted", or exit 1 and print one line per
// problem: "line L: entity ID: problem". Exit 2 on usage / IO errors.
//
// Plain CommonJS, no dependencies other than @alephdata/followthemoney.
'use strict';

const fs = require('fs');
const { Model, Entity, defaultModel } = require('@alephdata/followthemoney');

const model = new Model(defaultModel);

// Same rule as followthemoney (Python) EntityType.REGEX: ASCII letters and
// digits, with '.' and '-' allowed inside (not first/last). No '_' or ':'.
// Python FtM silently DROPS references that don't match this.
const ID_RE = /^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$/;
const ID_MAX = model.getType('entity').maxLength || 200;

// FtM date = ISO 8601 prefix, UTC, no timezone suffix:
// 2021 | 2021-02 | 2021-02-16 | 2021-02-16T21 | 2021-02-16T21:48 | 2021-02-16T21:48:52
const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2}))?)?)?)?)?$/;

function dateProblem(v) {
  const m = DATE_RE.exec(v);
  if (!m) return 'not an ISO date prefix (YYYY[-MM[-DD[Thh[:mm[:ss]]]]])';
  const [, , mo, d, h, mi, s] = m.map((x) => (x === undefined ? undefined : Number(x)));
  if (mo !== undefined && (mo < 1 || mo > 12)) return 'month out of range';
  if (d !== undefined) {
    const dim = new Date(Date.UTC(Number(m[1]), mo, 0)).getUTCDate();
    if (d < 1 || d > dim) return 'day out of range';
  }
  if (h !== undefined && h > 23) return 'hour out of range';
  if (mi !== undefined && mi > 59) return 'minute out of range';
  if (s !== undefined && s > 59) return 'second out of range';
  return null;
}

function main() {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: node validate.js FILE.jsonl');
    process.exit(2);
  }
  let text;
  try {
    text = fs.readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    console.error(`cannot read ${path}: ${e.message}`);
    process.exit(2);
  }

  const problems = [];
  const report = (line, id, msg) =>
    problems.push({ line, text: `line ${line}: entity ${id === undefined ? '?' : id}: ${msg}` });

  // Pass 1: parse lines, check shape/schema/properties, collect ids.
  const records = []; // { line, id, schema, raw }
  const byId = new Map(); // id -> { line, schema }
  const lines = text.split('\n');
  lines.forEach((src, i) => {
    const line = i + 1;
    if (src.trim() === '') return;
    let raw;
    try {
      raw = JSON.parse(src);
    } catch (e) {
      report(line, undefined, `invalid JSON: ${e.message}`);
      return;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      report(line, undefined, 'line is not a JSON object');
      return;
    }
    const id = raw.id;
    if (typeof id !== 'string' || id === '') {
      report(line, id, 'missing or non-string "id"');
      return;
    }
    if (!ID_RE.test(id)) report(line, id, `id does not match FtM id syntax ${ID_RE}`);
    if (id.length > ID_MAX) report(line, id, `id longer than ${ID_MAX} chars`);
    if (byId.has(id)) report(line, id, `duplicate id (first on line ${byId.get(id).line})`);

    for (const k of Object.keys(raw)) {
      if (!['id', 'schema', 'properties'].includes(k)) report(line, id, `unexpected top-level key "${k}"`);
    }

    let schema;
    try {
      schema = model.getSchema(raw.schema);
    } catch (e) {
      report(line, id, `unknown schema ${JSON.stringify(raw.schema)}`);
      return;
    }
    if (schema.abstract) report(line, id, `schema ${schema.name} is abstract`);
    if (schema.deprecated) report(line, id, `schema ${schema.name} is deprecated`);
    if (!byId.has(id)) byId.set(id, { line, schema });

    const props = raw.properties === undefined ? {} : raw.properties;
    if (props === null || typeof props !== 'object' || Array.isArray(props)) {
      report(line, id, '"properties" is not an object');
      return;
    }

    let shapeOk = true;
    for (const [name, values] of Object.entries(props)) {
      if (!schema.hasProperty(name)) {
        report(line, id, `schema ${schema.name} has no property "${name}"`);
        shapeOk = false;
        continue;
      }
      const prop = schema.getProperty(name);
      if (prop.deprecated) report(line, id, `property ${prop.qname} is deprecated`);
      if (prop.stub) report(line, id, `property ${prop.qname} is a reverse stub; set the forward property on the other entity`);
      if (!Array.isArray(values)) {
        report(line, id, `property "${name}" is not an array`);
        shapeOk = false;
        continue;
      }
      if (values.length === 0) report(line, id, `property "${name}" is an empty array`);
      const type = prop.type;
      const maxLen = prop.maxLength || type.maxLength;
      values.forEach((v) => {
        if (typeof v !== 'string') {
          report(line, id, `property "${name}": value ${JSON.stringify(v)} is not a string`);
          shapeOk = false;
          return;
        }
        if (v.trim() === '') {
          report(line, id, `property "${name}": blank value (FtM drops it)`);
          return;
        }
        if (maxLen && v.length > maxLen) report(line, id, `property "${name}": value longer than ${maxLen} chars`);
        if (type.name === 'date') {
          const p = dateProblem(v);
          if (p) report(line, id, `property "${name}": ${JSON.stringify(v)} ${p}`);
        } else if (type.values.size > 0 && !type.values.has(v)) {
          // enumerated types: country, language, gender, topic
          report(line, id, `property "${name}": ${JSON.stringify(v)} is not a valid ${type.name} code`);
        }
      });
    }

    for (const req of schema.required) {
      const vs = props[req];
      if (!Array.isArray(vs) || !vs.some((v) => typeof v === 'string' && v.trim() !== '')) {
        report(line, id, `missing required property "${req}" of ${schema.name}`);
      }
    }

    // Let the package itself parse the entity (throws on unknown schema/property).
    if (shapeOk) {
      try {
        const ent = new Entity(model, { id, schema: schema.name, properties: props });
        if (ent.schema !== schema) report(line, id, 'package parsed a different schema');
      } catch (e) {
        report(line, id, `followthemoney Entity() rejected it: ${e.message}`);
      }
    }
    records.push({ line, id, schema, props });
  });

  // Pass 2: entity references must resolve within the file and fit the range.
  for (const { line, id, schema, props } of records) {
    for (const [name, values] of Object.entries(props)) {
      if (!schema.hasProperty(name) || !Array.isArray(values)) continue;
      const prop = schema.getProperty(name);
      if (!prop.type.isEntity) continue;
      const range = prop.hasRange ? prop.getRange() : null;
      for (const ref of values) {
        if (typeof ref !== 'string' || ref.trim() === '') continue;
        if (ref === id) {
          report(line, id, `property "${name}" references the entity itself`);
          continue;
        }
        const target = byId.get(ref);
        if (!target) {
          report(line, id, `property "${name}" references unknown id "${ref}"`);
          continue;
        }
        if (range && !target.schema.isA(range)) {
          report(line, id, `property "${name}" expects ${range.name}, but "${ref}" is a ${target.schema.name}`);
        }
      }
    }
  }

  if (problems.length) {
    problems.sort((a, b) => a.line - b.line); // stable: keeps per-line order
    for (const p of problems) console.log(p.text);
    console.log(`${problems.length} problem(s) in ${path}`);
    process.exit(1);
  }
  console.log(`${records.length} entities accepted`);
  process.exit(0);
}

main();
