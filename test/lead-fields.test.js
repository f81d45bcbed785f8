'use strict';
const assert = require('node:assert/strict');
const lf = require('../nodes/core/lead-fields');
const { VicidialError } = require('../nodes/core/errors');
const { parseResponse } = require('../nodes/core/parser');
const { getFunction } = require('../nodes/core/catalog');

function invalid(fn, re) {
  assert.throws(fn, (e) => e instanceof VicidialError && e.code === 'INVALID' && re.test(e.reason));
}

describe('lead-fields: phone numbers', () => {
  it('strips +, spaces, dashes, dots and parentheses', () => {
    assert.deepEqual(lf.normalisePhone('(312) 555-01.01', { defaultPhoneCode: '1' }), { phone_number: '3125550101', phone_code: '1', codeFrom: 'default' });
  });

  it('splits an E.164 number into phone_code and national number', () => {
    assert.deepEqual(lf.normalisePhone('+1 312 555 0101'), { phone_number: '3125550101', phone_code: '1', codeFrom: 'number' });
    assert.deepEqual(lf.normalisePhone('+44 20 7946 0958', { defaultPhoneCode: '1' }), { phone_number: '2079460958', phone_code: '44', codeFrom: 'number' });
    assert.deepEqual(lf.normalisePhone('+352 621 123 456'), { phone_number: '621123456', phone_code: '352', codeFrom: 'number' });
    assert.deepEqual(lf.normalisePhone('0049 30 1234567'), { phone_number: '301234567', phone_code: '49', codeFrom: 'number' });
  });

  it('keeps a message phone_code and refuses a + number of another country', () => {
    assert.equal(lf.normalisePhone('+44 20 7946 0958', { phoneCode: '+44' }).phone_code, '44');
    invalid(() => lf.normalisePhone('+44 20 7946 0958', { phoneCode: '1' }), /country code 44, but phone_code is 1/);
    assert.deepEqual(lf.normalisePhone('2079460958', { phoneCode: 44, defaultPhoneCode: '1' }), { phone_number: '2079460958', phone_code: '44', codeFrom: 'message' });
  });

  it('drops the NANP trunk 1 of an 11-digit number only for phone code 1', () => {
    assert.equal(lf.normalisePhone('1-312-555-0101', { defaultPhoneCode: '1' }).phone_number, '3125550101');
    assert.equal(lf.normalisePhone('13125550101', { phoneCode: '52' }).phone_number, '13125550101');
    assert.equal(lf.normalisePhone('3125550101').phone_code, undefined);
  });

  it('refuses letters, empty numbers and unknown country codes', () => {
    invalid(() => lf.normalisePhone('312-555-0101 ext 4'), /letters/);
    invalid(() => lf.normalisePhone('--'), /no digits/);
    invalid(() => lf.normalisePhone('+0 123 456'), /known country code/);
  });

  it('knows country codes are prefix-free', () => {
    assert.equal(lf.countryCodeOf('4930123'), '49');
    assert.equal(lf.countryCodeOf('3531234'), '353');
    assert.equal(lf.countryCodeOf('79161234567'), '7');
    assert.equal(lf.countryCodeOf('0123'), undefined);
  });
});

describe('lead-fields: mapping and unknown fields', () => {
  const mapping = [
    { from: 'phone', to: 'phone_number' },
    { from: 'fname', to: 'firstName' },
    { from: 'contact.mail', to: 'email' },
  ];

  it('renames mapped fields (camelCase targets, nested sources) and keeps VICIdial names', () => {
    const r = lf.buildLeadInput({ phone: '+1 312 555 0177', fname: 'Ana', contact: { mail: 'a@x.io', other: 1 }, last_name: 'Diaz', listId: 101 }, { mode: 'add', mapping });
    assert.deepEqual(r.input, { phone_number: '3125550177', phone_code: '1', first_name: 'Ana', email: 'a@x.io', last_name: 'Diaz', list_id: 101 });
    assert.equal(r.function, 'add_lead');
  });

  it('consumes a mapped source even when it is a VICIdial name, and lets a direct field win', () => {
    const r = lf.buildLeadInput({ phone_number: '3125550101', status: 'hot', phone: '3125550999' }, { mode: 'add', mapping: [{ from: 'status', to: 'comments' }, ...mapping] });
    assert.equal(r.input.comments, 'hot');
    assert.equal(r.input.status, undefined);
    assert.equal(r.input.phone_number, '3125550101');
  });

  it('rejects unknown fields by default, naming them', () => {
    invalid(() => lf.buildLeadInput({ phone_number: '3125550101', frist_name: 'Ana', utm: 'x' }, { mode: 'add' }), /"frist_name", "utm"/);
    invalid(() => lf.buildLeadInput({ phone_number: '3125550101', source: 'web' }, { mode: 'add' }), /"source"/);
    invalid(() => lf.buildLeadInput({ lead_id: 5, first_name: 'A', dnc_check: 'Y' }, { mode: 'update' }), /not used by update_lead/);
  });

  it('ignores unknown fields when asked and lists them', () => {
    const r = lf.buildLeadInput({ phone_number: '3125550101', frist_name: 'Ana' }, { mode: 'add', unknownFields: 'ignore' });
    assert.deepEqual(r.ignored, ['frist_name']);
    assert.equal(r.input.frist_name, undefined);
  });

  it('sends unknown names as custom fields when custom fields are on, but not fields of the other mode', () => {
    const r = lf.buildLeadInput({ phone_number: '3125550101', favorite_color: 'blue', search_method: 'X' }, { mode: 'add', unknownFields: 'ignore', defaults: { custom_fields: true } });
    assert.deepEqual(r.customFields, ['favorite_color']);
    assert.equal(r.input.favorite_color, 'blue');
    assert.deepEqual(r.ignored, ['search_method']);
  });

  it('refuses a mapping to a field that does not exist', () => {
    invalid(() => lf.buildLeadInput({ phone: '3125550101' }, { mode: 'add', mapping: [{ from: 'phone', to: 'phone_numbr' }] }), /phone_numbr is not a add_lead field/);
    const ok = lf.buildLeadInput({ phone_number: '3125550101', c: 'v' }, { mode: 'add', mapping: [{ from: 'c', to: 'my_label' }], defaults: { custom_fields: 'Y' } });
    assert.equal(ok.input.my_label, 'v');
  });

  it('puts dialog defaults under message fields and drops those of the other mode', () => {
    const r = lf.buildLeadInput({ phone_number: '3125550101', list_id: '102' }, { mode: 'add', defaults: { list_id: 101, dnc_check: 'Y', search_method: 'LEAD_ID', phone_code: '1' } });
    assert.deepEqual(r.input, { list_id: '102', dnc_check: 'Y', phone_number: '3125550101', phone_code: '1' });
  });

  it('cleans an editor mapping table', () => {
    assert.deepEqual(lf.cleanMapping([{ from: ' a ', to: 'b' }, { from: '', to: 'x' }, null, 'x']), [{ from: 'a', to: 'b' }]);
    assert.deepEqual(lf.cleanMapping(undefined), []);
  });
});

describe('lead-fields: update mode', () => {
  it('derives search_method from the keys present', () => {
    assert.equal(lf.buildLeadInput({ vendor_lead_code: 'V1', first_name: 'A' }, { mode: 'update' }).input.search_method, 'VENDOR_LEAD_CODE');
    assert.equal(lf.buildLeadInput({ lead_id: 3, phone_number: '3125550101', first_name: 'A' }, { mode: 'update' }).input.search_method, 'LEAD_ID_PHONE_NUMBER');
    assert.equal(lf.buildLeadInput({ lead_id: 3, first_name: 'A' }, { mode: 'update', defaults: { search_method: 'PHONE_NUMBER' } }).input.search_method, 'PHONE_NUMBER');
  });

  it('does not send the default phone_code on updates, only for inserts', () => {
    const upd = lf.buildLeadInput({ phone_number: '3125550101', first_name: 'A' }, { mode: 'update', defaults: { phone_code: '1' } });
    assert.equal(upd.input.phone_code, undefined);
    const ins = lf.buildLeadInput({ phone_number: '3125550101', first_name: 'A' }, { mode: 'update', defaults: { phone_code: '1', insert_if_not_found: 'Y' } });
    assert.equal(ins.input.phone_code, '1');
    const e164 = lf.buildLeadInput({ phone_number: '+44 20 7946 0958', first_name: 'A' }, { mode: 'update', defaults: { phone_code: '1' } });
    assert.equal(e164.input.phone_code, '44');
  });

  it('refuses an update without a key or without anything to do', () => {
    invalid(() => lf.buildLeadInput({ first_name: 'A' }, { mode: 'update' }), /needs lead_id/);
    invalid(() => lf.buildLeadInput({ lead_id: 1001 }, { mode: 'update', defaults: { add_to_hopper: 'N' } }), /nothing to update/);
    assert.ok(lf.buildLeadInput({ lead_id: 1001, add_to_hopper: true }, { mode: 'update' }));
    assert.ok(lf.buildLeadInput({ lead_id: 1001, callback: 'REMOVE' }, { mode: 'update' }));
  });

  it('refuses an unknown mode', () => {
    invalid(() => lf.buildLeadInput({}, { mode: 'upsert' }), /mode/);
  });
});

describe('lead-fields: results and errors', () => {
  const add = getFunction('add_lead', 'non_agent');
  const upd = getFunction('update_lead', 'non_agent');

  it('names the new lead and its hopper and callback notices', () => {
    const raw =
      'SUCCESS: add_lead LEAD HAS BEEN ADDED - 3125550177|101|1042|-6.00|6666\n' +
      'NOTICE: add_lead ADDED TO HOPPER - 3125550177|1042|17|6666\n' +
      'NOTICE: add_lead SCHEDULED CALLBACK NOT ADDED, CAMPAIGN NOT VALID - 1042|NOPE\n';
    const r = lf.leadResult('add_lead', parseResponse(add, raw), { phone_code: '1' });
    assert.equal(r.action, 'added');
    assert.equal(r.lead_id, '1042');
    assert.equal(r.list_id, '101');
    assert.equal(r.gmt_offset, '-6.00');
    assert.deepEqual(r.hopper, { reason: 'ADDED TO HOPPER', added: true, lead_id: '1042', hopper_id: '17' });
    assert.equal(r.callback.scheduled, false);
    assert.equal(r.callback.campaign_id, 'NOPE');
    assert.equal(lf.leadStatusText(r), 'lead 1042 added +hopper');
  });

  it('reports an insert of update_lead and several updated leads', () => {
    const ins = lf.leadResult('update_lead', parseResponse(upd, 'NOTICE: update_lead NO MATCHES FOUND IN THE SYSTEM: |6666|||3125550199\nSUCCESS: update_lead LEAD HAS BEEN ADDED - 3125550199|101|1050|-5.00|6666\n'), {});
    assert.equal(ins.action, 'inserted');
    assert.equal(ins.lead_id, '1050');
    const many = lf.leadResult('update_lead', parseResponse(upd, 'SUCCESS: update_lead LEAD HAS BEEN UPDATED - 6666|7|1|||\nSUCCESS: update_lead LEAD HAS BEEN UPDATED - 6666|8|1|||\n'), { list_id_field: '102' });
    assert.equal(many.action, 'updated');
    assert.equal(many.list_id, '102');
    assert.deepEqual(many.leads, [{ lead_id: '7', affected_rows: '1' }, { lead_id: '8', affected_rows: '1' }]);
  });

  it('update mode returns what the server printed: affected rows and archived callbacks', () => {
    // update_lead prints `user|lead_id|affected_rows|archived|archived|`; the archive count is unset (empty) on an update.
    const updated = lf.leadResult('update_lead', parseResponse(upd, 'SUCCESS: update_lead LEAD HAS BEEN UPDATED - 6666|1001|1|||\n'), {});
    assert.equal(updated.action, 'updated');
    assert.equal(updated.lead_id, '1001');
    assert.equal(updated.affected_rows, 1);
    assert.equal(updated.callbacks_archived, null);
    // A delete moves the lead's callbacks to the archive first; the reason carries deleted|archived too.
    const deleted = lf.leadResult('update_lead', parseResponse(upd, 'SUCCESS: update_lead LEAD HAS BEEN DELETED 2|2 - 6666|1001|1|2|2|\n'), {});
    assert.equal(deleted.action, 'deleted');
    assert.equal(deleted.affected_rows, 1);
    assert.equal(deleted.callbacks_archived, 2);
  });

  it('adds the existing lead to DUPLICATE errors, top level and in fields', () => {
    let err;
    try {
      parseResponse(add, 'ERROR: add_lead DUPLICATE PHONE NUMBER IN CAMPAIGN LISTS - 3125550101|102|1001|101|PHONE\n');
    } catch (e) {
      err = lf.leadError(e);
    }
    assert.equal(err.code, 'DUPLICATE');
    assert.equal(err.lead_id, '1001');
    const json = err.toJSON();
    assert.equal(json.lead_id, '1001');
    assert.equal(json.list_id, '101');
    assert.equal(json.fields.lead_id, '1001');
    assert.equal(json.fields.duplicate_lead_id, '1001');
    assert.match(err.message, /existing lead 1001 in list 101/);
  });

  it('keeps DNC errors as DNC and leaves other errors alone', () => {
    let dnc;
    try {
      parseResponse(add, 'ERROR: add_lead PHONE NUMBER IN DNC - 3125559999|6666\n');
    } catch (e) {
      dnc = lf.leadError(e);
    }
    assert.equal(dnc.code, 'DNC');
    assert.equal(dnc.toJSON().lead_id, null);
    const other = new VicidialError({ code: 'INVALID', reason: 'x' });
    assert.equal(lf.leadError(other), other);
  });
});
