/**
 * Non-Agent API lead functions: update_log_entry, add_lead, update_lead,
 * batch_update_lead, check_phone_number (source order of non_agent_api.php).
 *
 * Facts (parameter names, printed reasons, detail order) come from reading the
 * server source; where the official text disagrees, the source was followed.
 * Each entry's notes record its validation order and framing quirks.
 */
import type { FunctionSpec, LineSpec, ParamSpec } from './types';

const YN = ['Y', 'N'] as const;

/**
 * Lines every lead function can print before its own checks. The api_allowed_functions
 * refusal starts with the word "auth"; it is listed with and without it (a parser that
 * strips any leading lower-case token sees the second form), and before the functions'
 * own 'USER DOES NOT HAVE PERMISSION' lines, which it would otherwise match.
 */
const COMMON_LINES: readonly LineSpec[] = [
  { tag: 'ERROR', reason: 'auth USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION', fields: ['user', 'function'] },
  { tag: 'ERROR', reason: 'USER DOES NOT HAVE PERMISSION TO USE THIS FUNCTION', fields: ['user', 'function'] },
  { tag: 'ERROR', reason: 'Invalid Source', fields: ['source'] },
];

/** vicidial_list columns that add_lead writes and update_lead/batch_update_lead can change. */
const LEAD_FIELDS: readonly ParamSpec[] = [
  { name: 'vendor_lead_code', type: 'string', description: 'Your own reference for the lead' },
  { name: 'source_id', type: 'string', description: 'Origin tag stored on the lead' },
  { name: 'title', type: 'string' },
  { name: 'first_name', type: 'string', description: '"+" is turned into a space' },
  { name: 'middle_initial', type: 'string' },
  { name: 'last_name', type: 'string', description: '"+" is turned into a space' },
  { name: 'address1', type: 'string' },
  { name: 'address2', type: 'string' },
  { name: 'address3', type: 'string' },
  { name: 'city', type: 'string' },
  { name: 'state', type: 'string', description: 'Two-letter state/region code' },
  { name: 'province', type: 'string' },
  { name: 'postal_code', type: 'string' },
  { name: 'country_code', type: 'string' },
  { name: 'gender', type: 'enum', values: ['U', 'M', 'F'], description: 'U (unknown), M or F' },
  { name: 'date_of_birth', type: 'date', description: 'YYYY-MM-DD' },
  { name: 'alt_phone', type: 'string', description: 'Second phone number stored on the lead' },
  { name: 'email', type: 'string' },
  { name: 'security_phrase', type: 'string' },
  { name: 'comments', type: 'string' },
  { name: 'rank', type: 'integer', description: 'Lead rank, up to 5 digits' },
  { name: 'owner', type: 'string', description: 'Owner (user, territory or group); TZCODE time-zone source' },
];

/** Extra editable columns of update_lead and batch_update_lead. */
const UPDATE_FIELDS: readonly ParamSpec[] = [
  { name: 'user_field', type: 'string', description: "New value for the lead's user column" },
  { name: 'list_id_field', type: 'integer', description: 'Move the lead(s) to this list (3+ digits)' },
  { name: 'status', type: 'string', description: 'New lead status' },
  { name: 'gmt_offset_now', type: 'number', description: 'New GMT offset written as given' },
  { name: 'called_count', type: 'integer', description: 'New dial attempt count' },
  { name: 'phone_code', type: 'string', description: 'New country dialing code (digits)' },
  { name: 'reset_lead', type: 'enum', values: YN, description: 'Y resets called_since_last_reset to N' },
];

const CALLBACK_PARAMS: readonly ParamSpec[] = [
  { name: 'callback_status', type: 'string', description: 'Status used when the callback fires (default CALLBK)' },
  {
    name: 'callback_datetime',
    type: 'string',
    description: 'YYYY-MM-DD HH:MM:SS, NOW, or <n>DAYS (n days from now)',
  },
  { name: 'callback_type', type: 'enum', values: ['USERONLY', 'ANYONE'], description: 'Anything but USERONLY means ANYONE' },
  { name: 'callback_user', type: 'string', description: 'Agent who owns a USERONLY callback (must exist)' },
  { name: 'callback_comments', type: 'string', description: 'Comment shown when the callback comes due' },
];

const HOPPER_PARAMS: readonly ParamSpec[] = [
  { name: 'add_to_hopper', type: 'enum', values: YN, description: "Y puts the lead in its list campaign's hopper" },
  { name: 'hopper_priority', type: 'integer', description: '-99..99, clamped; default 0' },
  {
    name: 'hopper_local_call_time_check',
    type: 'enum',
    values: YN,
    description: 'Y skips the hopper when outside the local call time',
  },
];

const PHONE_CHECK_PARAMS: readonly ParamSpec[] = [
  { name: 'usacan_prefix_check', type: 'enum', values: YN, description: 'Y rejects numbers whose 4th digit is 0 or 1' },
  {
    name: 'usacan_areacode_check',
    type: 'enum',
    values: YN,
    description: 'Y rejects numbers whose area code is not a known NANP (country 1) area code',
  },
  {
    name: 'nanpa_ac_prefix_check',
    type: 'enum',
    values: YN,
    description: 'Y rejects numbers whose area code + prefix is not in the NANPA data',
  },
];

const DNC_PARAMS: readonly ParamSpec[] = [
  { name: 'dnc_check', type: 'enum', values: ['Y', 'N', 'AREACODE'], description: 'Check the system DNC list' },
  {
    name: 'campaign_dnc_check',
    type: 'enum',
    values: ['Y', 'N', 'AREACODE'],
    description: 'Check the DNC list of campaign_id (or the list it borrows)',
  },
];

/** Custom-field notices whose wording is shared by add_lead and the insert path of update_lead. */
const INSERT_NOTICES: readonly LineSpec[] = [
  { tag: 'NOTICE', reason: 'MULTI-ALT-PHONE NUMBERS LOADED', fields: ['alt_phones_inserted', 'lead_id', 'user'] },
  {
    tag: 'NOTICE',
    reason: 'CUSTOM FIELDS VALUES ADDED',
    fields: ['phone_number', 'lead_id', 'list_id', 'entry_list_updated'],
  },
  {
    tag: 'NOTICE',
    reason: 'CUSTOM FIELDS NOT ADDED, CUSTOM FIELDS DISABLED',
    fields: ['phone_number', 'lead_id', 'custom_fields', 'custom_fields_enabled'],
  },
  {
    tag: 'NOTICE',
    reason: 'CUSTOM FIELDS NOT ADDED, NO CUSTOM FIELDS DEFINED FOR THIS LIST',
    fields: ['phone_number', 'lead_id', 'list_id'],
  },
  { tag: 'NOTICE', reason: 'CUSTOM FIELDS NOT ADDED, NO FIELDS DEFINED', fields: ['phone_number', 'lead_id', 'list_id'] },
  {
    tag: 'NOTICE',
    reason: 'CUSTOM FIELDS NOT ADDED, NO FIELDS TO UPDATE DEFINED',
    fields: ['phone_number', 'lead_id', 'list_id'],
  },
];

/** Hopper notices of add_lead and update_lead (longer reasons first: they share prefixes). */
const HOPPER_ADD_LINES: readonly LineSpec[] = [
  {
    tag: 'NOTICE',
    reason: 'NOT ADDED TO HOPPER, OUTSIDE OF LOCAL TIME',
    fields: ['phone_number', 'lead_id', 'gmt_offset', 'dialable', 'user'],
  },
  { tag: 'NOTICE', reason: 'NOT ADDED TO HOPPER, LEAD NOT FOUND', fields: ['phone_number', 'lead_id', 'user'] },
  {
    tag: 'NOTICE',
    reason: 'NOT ADDED TO HOPPER, LEAD IS ALREADY IN THE HOPPER',
    fields: ['phone_number', 'lead_id', 'user'],
  },
  { tag: 'NOTICE', reason: 'NOT ADDED TO HOPPER', fields: ['phone_number', 'lead_id', 'sql', 'user'] },
  { tag: 'NOTICE', reason: 'ADDED TO HOPPER', fields: ['phone_number', 'lead_id', 'hopper_id', 'user'] },
];

const CALLBACK_ADD_LINES: readonly LineSpec[] = [
  {
    tag: 'NOTICE',
    reason: 'SCHEDULED CALLBACK ADDED',
    fields: ['lead_id', 'campaign_id', 'callback_datetime', 'callback_type', 'callback_user', 'callback_status'],
  },
  {
    tag: 'NOTICE',
    reason: 'SCHEDULED CALLBACK NOT ADDED, USER NOT VALID',
    fields: ['lead_id', 'campaign_id', 'callback_user', 'callback_type'],
  },
  { tag: 'NOTICE', reason: 'SCHEDULED CALLBACK NOT ADDED, CAMPAIGN NOT VALID', fields: ['lead_id', 'campaign_id'] },
];

const INVALID_PHONE_LINE: LineSpec = { tag: 'ERROR', reason: 'INVALID PHONE NUMBER', fields: ['phone_number', 'user'] };
const DNC_LINES: readonly LineSpec[] = [
  { tag: 'ERROR', reason: 'PHONE NUMBER IN DNC', fields: ['phone_number', 'user'] },
  { tag: 'ERROR', reason: 'PHONE NUMBER IN CAMPAIGN DNC', fields: ['phone_number', 'campaign_id', 'user'] },
];

const LEAD_PERMISSION = {
  userLevel: 8,
  flags: ['vdc_agent_api_access', 'modify_leads'],
} as const;

export const FUNCTIONS: readonly FunctionSpec[] = [
  // ---------------------------------------------------------------------------
  {
    name: 'update_log_entry',
    api: 'non_agent',
    subject: ['RECORDS'],
    write: true,
    summary: 'Changes the status recorded on the latest outbound or inbound call log row of a lead',
    params: [
      { name: 'group', type: 'string', required: true, description: 'Campaign ID or in-group ID the call was logged under' },
      {
        name: 'call_id',
        type: 'string',
        required: true,
        description: '20-character call ID; its last 10 characters are read as the lead_id (dots are stripped)',
      },
      { name: 'status', type: 'string', required: true, description: 'New status for the log row' },
    ],
    response: { kind: 'status' },
    lines: [
      ...COMMON_LINES,
      {
        tag: 'SUCCESS',
        reason: 'RECORD HAS BEEN UPDATED',
        fields: ['user', 'user_again', 'group', 'call_id', 'status', 'old_status', 'uniqueid', 'affected_rows'],
      },
      { tag: 'ERROR', reason: 'USER DOES NOT HAVE PERMISSION', fields: ['user', 'allowed'] },
      { tag: 'ERROR', reason: 'GROUP NOT FOUND', fields: ['user', 'group'] },
      { tag: 'ERROR', reason: 'NO RECORDS FOUND', fields: ['user', 'group', 'call_id', 'status'] },
      {
        tag: 'ERROR',
        reason: 'NO RECORDS UPDATED',
        fields: ['user', 'group', 'call_id', 'status', 'old_status', 'uniqueid'],
      },
      { tag: 'ERROR', reason: 'INVALID SEARCH PARAMETERS', fields: ['user', 'group', 'call_id', 'status'] },
    ],
    errors: { 'NO RECORDS UPDATED': 'unexplained' },
    permission: { ...LEAD_PERMISSION, reason: 'USER DOES NOT HAVE PERMISSION TO UPDATE LOGS' },
  },
  // ---------------------------------------------------------------------------
  {
    name: 'add_lead',
    api: 'non_agent',
    write: true,
    summary: 'Inserts a new lead, with optional DNC/duplicate checks, hopper insert, callback and custom fields',
    params: [
      {
        name: 'phone_number',
        type: 'phone',
        required: true,
        maxLength: 16,
        description: 'Digits only, 6 to 16 of them',
      },
      { name: 'phone_code', type: 'string', description: 'Country dialing code, digits (default 1)' },
      { name: 'list_id', type: 'integer', description: 'Target list, digits (default 999 when shorter than 3 digits)' },
      ...DNC_PARAMS,
      {
        name: 'campaign_id',
        type: 'string',
        description: 'Campaign for campaign_dnc_check and callbacks (not taken from the list)',
      },
      ...HOPPER_PARAMS,
      {
        name: 'duplicate_check',
        type: 'string',
        description:
          'One or more of DUPLIST, DUPCAMP, DUPSYS, DUPPHONEALTLIST, DUPPHONEALTCAMP, DUPPHONEALTSYS, ' +
          'DUPTITLEALTPHONELIST, DUPTITLEALTPHONECAMP, DUPTITLEALTPHONESYS, DUPNAMEPHONELIST, DUPNAMEPHONECAMP, ' +
          'DUPNAMEPHONESYS joined with "-", optionally with a 1/2/3/7/14/15/21/28/30/60/90/180/360DAY age limit',
      },
      ...PHONE_CHECK_PARAMS,
      { name: 'custom_fields', type: 'enum', values: YN, description: 'Y reads custom field values by field label' },
      {
        name: 'tz_method',
        type: 'enum',
        values: ['POSTAL', 'TZCODE', 'NANPA'],
        description: 'Time zone source; empty uses country code + area code',
      },
      { name: 'callback', type: 'enum', values: YN, description: 'Y schedules a callback (lead status becomes CBHOLD)' },
      ...CALLBACK_PARAMS,
      { name: 'lookup_state', type: 'enum', values: YN, description: 'Y fills an empty state from the area code' },
      { name: 'list_exists_check', type: 'enum', values: YN, description: 'Y refuses lists that are not defined' },
      ...LEAD_FIELDS,
      {
        name: 'multi_alt_phones',
        type: 'string',
        description: 'Extra numbers as number_code_note entries joined with "!"',
      },
      { name: 'entry_list_id', type: 'integer', description: 'Stored entry_list_id (expert use, affects custom fields)' },
    ],
    customFields: true,
    response: { kind: 'status' },
    lines: [
      ...COMMON_LINES,
      {
        tag: 'SUCCESS',
        reason: 'LEAD HAS BEEN ADDED',
        fields: ['phone_number', 'list_id', 'lead_id', 'gmt_offset', 'user'],
      },
      { tag: 'ERROR', reason: 'LEAD HAS NOT BEEN ADDED', fields: ['phone_number', 'list_id', 'sql', 'user'] },
      { tag: 'ERROR', reason: 'USER DOES NOT HAVE PERMISSION', fields: ['user', 'modify_leads'] },
      { tag: 'ERROR', reason: 'NOT AN ALLOWED LIST ID', fields: ['phone_number', 'list_id'] },
      { tag: 'ERROR', reason: 'NOT A DEFINED LIST ID', fields: ['phone_number', 'list_id'] },
      { tag: 'NOTICE', reason: 'NANPA options disabled', fields: ['nanpa_prefix_count', 'user'] },
      INVALID_PHONE_LINE,
      ...DNC_LINES,
      {
        tag: 'ERROR',
        reason: 'DUPLICATE PHONE NUMBER IN LIST',
        fields: ['phone_number', 'list_id', 'duplicate_lead_id', 'duplicate_type'],
      },
      {
        tag: 'ERROR',
        reason: 'DUPLICATE PHONE NUMBER IN CAMPAIGN LISTS',
        fields: ['phone_number', 'list_id', 'duplicate_lead_id', 'duplicate_list_id', 'duplicate_type'],
      },
      {
        tag: 'ERROR',
        reason: 'DUPLICATE PHONE NUMBER IN SYSTEM',
        fields: ['phone_number', 'list_id', 'duplicate_lead_id', 'duplicate_list_id', 'duplicate_type'],
      },
      {
        tag: 'ERROR',
        reason: 'DUPLICATE TITLE ALT_PHONE IN LIST',
        fields: ['title', 'alt_phone', 'list_id', 'duplicate_lead_id'],
      },
      {
        tag: 'ERROR',
        reason: 'DUPLICATE TITLE ALT_PHONE IN CAMPAIGN LISTS',
        fields: ['title', 'alt_phone', 'list_id', 'duplicate_lead_id', 'duplicate_list_id'],
      },
      {
        tag: 'ERROR',
        reason: 'DUPLICATE TITLE ALT_PHONE IN SYSTEM',
        fields: ['title', 'alt_phone', 'list_id', 'duplicate_lead_id', 'duplicate_list_id'],
      },
      {
        tag: 'ERROR',
        reason: 'DUPLICATE NAME PHONE IN LIST',
        fields: ['first_name', 'last_name', 'phone_number', 'list_id', 'duplicate_lead_id'],
      },
      {
        tag: 'ERROR',
        reason: 'DUPLICATE NAME PHONE IN CAMPAIGN LISTS',
        fields: ['first_name', 'last_name', 'phone_number', 'list_id', 'duplicate_lead_id', 'duplicate_list_id'],
      },
      {
        tag: 'ERROR',
        reason: 'DUPLICATE NAME PHONE IN SYSTEM',
        fields: ['first_name', 'last_name', 'phone_number', 'list_id', 'duplicate_lead_id', 'duplicate_list_id'],
      },
      ...INSERT_NOTICES,
      ...HOPPER_ADD_LINES,
      ...CALLBACK_ADD_LINES,
    ],
    errors: {
      'NOT AN ALLOWED LIST ID': 'permission',
      'NOT A DEFINED LIST ID': 'reference',
      'LEAD HAS NOT BEEN ADDED': 'unexplained',
    },
    permission: { ...LEAD_PERMISSION, reason: 'USER DOES NOT HAVE PERMISSION TO ADD LEADS TO THE SYSTEM' },
  },
  // ---------------------------------------------------------------------------
  {
    name: 'update_lead',
    api: 'non_agent',
    subject: ['LEAD', 'MATCHES'],
    write: true,
    summary: 'Finds leads by ID, vendor code or phone and updates, deletes, re-hoppers or schedules them; can insert if missing',
    params: [
      { name: 'lead_id', type: 'integer', description: 'Lead to match (search_method LEAD_ID)' },
      { name: 'vendor_lead_code', type: 'string', description: 'Match by vendor code, and new value when found' },
      {
        name: 'phone_number',
        type: 'phone',
        description: 'Match by phone (6-18 digits); also the number for insert_if_not_found',
      },
      {
        name: 'search_method',
        type: 'enum',
        values: [
          'LEAD_ID',
          'VENDOR_LEAD_CODE',
          'PHONE_NUMBER',
          'LEAD_ID_VENDOR_LEAD_CODE',
          'LEAD_ID_PHONE_NUMBER',
          'VENDOR_LEAD_CODE_PHONE_NUMBER',
          'LEAD_ID_VENDOR_LEAD_CODE_PHONE_NUMBER',
        ],
        description: 'Keys to search on (default LEAD_ID); tried in the order lead ID, vendor code, phone',
      },
      {
        name: 'search_location',
        type: 'enum',
        values: ['LIST', 'CAMPAIGN', 'SYSTEM'],
        description: 'Scope of the search; SYSTEM unless list_id (3+ digits, >= 99) is given',
      },
      { name: 'list_id', type: 'integer', description: 'List for LIST/CAMPAIGN searches and for inserts' },
      { name: 'insert_if_not_found', type: 'enum', values: YN, description: 'Y inserts a new lead when nothing matches' },
      { name: 'records', type: 'integer', description: 'How many matching leads to change (default 1, newest first)' },
      { name: 'custom_fields', type: 'enum', values: YN, description: 'Y also writes custom fields given by label' },
      { name: 'no_update', type: 'enum', values: YN, description: 'Y only reports whether a lead matches' },
      { name: 'delete_lead', type: 'enum', values: YN, description: 'Y deletes the matched lead(s) and their callbacks' },
      { name: 'delete_cf_data', type: 'enum', values: YN, description: 'Y deletes custom field data and zeroes entry_list_id' },
      {
        name: 'callback',
        type: 'enum',
        values: ['Y', 'N', 'REMOVE'],
        description: 'Y adds or updates a scheduled callback, REMOVE deletes it',
      },
      ...CALLBACK_PARAMS,
      { name: 'campaign_id', type: 'string', description: 'Campaign for a new or moved callback' },
      {
        name: 'update_phone_number',
        type: 'enum',
        values: YN,
        description: 'Y writes phone_number onto the matched lead',
      },
      ...HOPPER_PARAMS,
      { name: 'remove_from_hopper', type: 'enum', values: YN, description: 'Y removes the lead from the hopper (overrides add_to_hopper)' },
      { name: 'list_exists_check', type: 'enum', values: YN, description: 'Y refuses a list_id_field that is not defined' },
      { name: 'archived_lead', type: 'enum', values: YN, description: 'Y works on the archive table instead' },
      ...UPDATE_FIELDS,
      ...LEAD_FIELDS.filter((p) => p.name !== 'vendor_lead_code'),
      { name: 'entry_list_id', type: 'integer', description: 'New entry_list_id (ignored with custom_fields=Y)' },
      {
        name: 'force_entry_list_id',
        type: 'integer',
        description: 'Custom-field table to use for every custom-field query (expert use)',
      },
      { name: 'multi_alt_phones', type: 'string', description: 'Extra numbers for an inserted lead' },
      {
        name: 'tz_method',
        type: 'enum',
        values: ['POSTAL', 'TZCODE', 'NANPA'],
        description: 'Time zone source for an inserted lead',
      },
    ],
    requireOneOf: [['lead_id', 'vendor_lead_code', 'phone_number']],
    customFields: true,
    response: { kind: 'status' },
    lines: [
      ...COMMON_LINES,
      {
        tag: 'SUCCESS',
        reason: 'LEAD HAS BEEN UPDATED',
        fields: ['user', 'lead_id', 'affected_rows', 'callbacks_archived', 'callbacks_archived_again'],
      },
      {
        tag: 'SUCCESS',
        reason: 'LEAD HAS BEEN DELETED',
        fields: ['user', 'lead_id', 'affected_rows', 'callbacks_archived', 'callbacks_archived_again'],
      },
      {
        tag: 'SUCCESS',
        reason: 'LEAD HAS BEEN ADDED',
        fields: ['phone_number', 'list_id', 'lead_id', 'gmt_offset', 'user'],
      },
      { tag: 'ERROR', reason: 'USER DOES NOT HAVE PERMISSION', fields: ['user', 'modify_leads'] },
      {
        tag: 'ERROR',
        reason: 'NO VALID SEARCH METHOD',
        fields: ['user', 'search_method', 'lead_id', 'vendor_lead_code', 'phone_number'],
      },
      { tag: 'ERROR', reason: 'NOT AN ALLOWED LIST ID, SEARCH', fields: ['phone_number', 'list_id'] },
      { tag: 'ERROR', reason: 'NOT AN ALLOWED LIST ID, RESULTS', fields: ['list_id'] },
      { tag: 'ERROR', reason: 'NOT AN ALLOWED LIST ID, INSERT', fields: ['phone_number', 'list_id'] },
      { tag: 'ERROR', reason: 'NOT A DEFINED LIST ID', fields: ['phone_number', 'list_id_field'] },
      {
        tag: 'NOTICE',
        reason: 'LEADS FOUND IN THE SYSTEM',
        fields: ['user', 'lead_id', 'vendor_lead_code', 'phone_number', 'list_id', 'entry_list_id'],
      },
      // Printed as NOTICE (no_update=Y or insert_if_not_found=Y) or ERROR (otherwise).
      {
        tag: 'NOTICE',
        reason: 'NO MATCHES FOUND IN THE SYSTEM',
        fields: ['user', 'lead_id', 'vendor_lead_code', 'phone_number'],
      },
      {
        tag: 'ERROR',
        reason: 'NO MATCHES FOUND IN THE SYSTEM',
        fields: ['user', 'lead_id', 'vendor_lead_code', 'phone_number'],
      },
      {
        tag: 'ERROR',
        reason: 'INVALID DATA FOR LEAD INSERTION',
        fields: ['user', 'phone_number', 'phone_code', 'list_id', 'insert_if_not_found'],
      },
      {
        tag: 'NOTICE',
        reason: 'CUSTOM FIELDS DATA HAS BEEN DELETED',
        fields: ['user', 'lead_id', 'entry_list_id', 'list_rows_updated', 'custom_rows_deleted'],
      },
      {
        tag: 'NOTICE',
        reason: 'CUSTOM FIELDS ENTRY DELETED',
        fields: ['phone_number', 'lead_id', 'list_id', 'entry_list_id', 'custom_list_id', 'custom_rows_deleted'],
      },
      {
        tag: 'NOTICE',
        reason: 'CUSTOM FIELDS VALUES UPDATED',
        fields: ['phone_number', 'lead_id', 'list_id', 'entry_list_id', 'custom_list_id', 'custom_rows_changed'],
      },
      {
        tag: 'NOTICE',
        reason: 'SCHEDULED CALLBACK UPDATED',
        fields: ['lead_id', 'campaign_id', 'callback_datetime', 'callback_type', 'callback_user', 'callback_status'],
      },
      {
        tag: 'NOTICE',
        reason: 'SCHEDULED CALLBACK NOT UPDATED, NO FIELDS SPECIFIED',
        fields: ['lead_id', 'update_sql'],
      },
      {
        tag: 'NOTICE',
        reason: 'SCHEDULED CALLBACK DELETED',
        fields: ['user', 'lead_id', 'callbacks_deleted', 'callbacks_archived'],
      },
      ...CALLBACK_ADD_LINES,
      ...INSERT_NOTICES,
      ...HOPPER_ADD_LINES,
      {
        tag: 'NOTICE',
        reason: 'NOT REMOVED FROM HOPPER, LEAD IS NOT IN THE HOPPER',
        fields: ['phone_number', 'lead_id', 'user'],
      },
      { tag: 'NOTICE', reason: 'NOT REMOVED FROM HOPPER', fields: ['phone_number', 'lead_id', 'hopper_status', 'user'] },
      { tag: 'NOTICE', reason: 'REMOVED FROM HOPPER', fields: ['phone_number', 'lead_id', 'hopper_status', 'user'] },
    ],
    errors: {
      'NOT AN ALLOWED LIST ID': 'permission',
      'NOT A DEFINED LIST ID': 'reference',
      'NO VALID SEARCH METHOD': 'malformed',
    },
    permission: { ...LEAD_PERMISSION, reason: 'USER DOES NOT HAVE PERMISSION TO UPDATE LEADS IN THE SYSTEM' },
  },
  // ---------------------------------------------------------------------------
  {
    name: 'batch_update_lead',
    api: 'non_agent',
    subject: ['LEADS', 'MATCHES'],
    write: true,
    summary: 'Writes one set of field values onto many leads given by ID in a single update',
    params: [
      { name: 'lead_ids', type: 'list', required: true, description: 'Comma-separated lead IDs' },
      { name: 'records', type: 'integer', description: 'Most leads to change, highest IDs first (default 1000)' },
      { name: 'list_exists_check', type: 'enum', values: YN, description: 'Y refuses a list_id_field that is not defined' },
      { name: 'archived_lead', type: 'enum', values: YN, description: 'Y works on the archive table instead' },
      ...UPDATE_FIELDS,
      ...LEAD_FIELDS,
    ],
    response: { kind: 'status' },
    lines: [
      ...COMMON_LINES,
      {
        tag: 'SUCCESS',
        reason: 'LEADS HAVE BEEN UPDATED',
        fields: ['user', 'affected_rows', 'found_count', 'lead_ids'],
      },
      { tag: 'ERROR', reason: 'USER DOES NOT HAVE PERMISSION', fields: ['user', 'modify_leads'] },
      { tag: 'ERROR', reason: 'NO LEADS DEFINED', fields: ['user', 'lead_ids'] },
      { tag: 'ERROR', reason: 'NOT AN ALLOWED LIST ID', fields: ['user', 'list_id_field'] },
      { tag: 'ERROR', reason: 'NOT A DEFINED LIST ID', fields: ['user', 'list_id_field'] },
      { tag: 'ERROR', reason: 'NO MATCHES FOUND IN THE SYSTEM', fields: ['user', 'lead_ids'] },
    ],
    errors: {
      'NO LEADS DEFINED': 'malformed',
      'NOT AN ALLOWED LIST ID': 'permission',
      'NOT A DEFINED LIST ID': 'reference',
    },
    permission: { ...LEAD_PERMISSION, reason: 'USER DOES NOT HAVE PERMISSION TO UPDATE LEADS IN THE SYSTEM' },
  },
  // ---------------------------------------------------------------------------
  {
    name: 'check_phone_number',
    api: 'non_agent',
    write: false,
    summary: 'Validates a phone number, checks DNC and reports time zone and dialability per method',
    params: [
      { name: 'phone_number', type: 'phone', required: true, maxLength: 16, description: 'Digits only, 6 to 16 of them' },
      { name: 'phone_code', type: 'string', description: 'Country dialing code (default 1)' },
      { name: 'local_call_time', type: 'string', required: true, description: 'Call time ID to test dialability against' },
      {
        name: 'tz_method',
        type: 'string',
        description: 'AREACODE (default), POSTAL, TZCODE, NANPA, or several run together, e.g. AREACODEPOSTAL',
      },
      { name: 'postal_code', type: 'string', description: '5-digit US ZIP, used by POSTAL' },
      { name: 'state', type: 'string', description: 'For state call-time rules' },
      { name: 'owner', type: 'string', description: 'Time zone code, used by TZCODE (1-6 characters)' },
      ...DNC_PARAMS,
      { name: 'campaign_id', type: 'string', description: 'Campaign for campaign_dnc_check' },
      ...PHONE_CHECK_PARAMS,
    ],
    // The success line carries no tag: `METHOD: dialable|gmt#...#PHONE: number|code|postal|state|owner|`.
    // `AREACODE: dialable|gmt#` (and POSTAL, TZCODE, NANPA as tz_method asks, in that order), then the PHONE section.
    response: {
      kind: 'sections',
      main: 'PHONE',
      fromFirst: ['dialable', 'gmt_offset'],
      sections: {
        AREACODE: ['dialable', 'gmt_offset'],
        POSTAL: ['dialable', 'gmt_offset'],
        TZCODE: ['dialable', 'gmt_offset'],
        NANPA: ['dialable', 'gmt_offset'],
        PHONE: ['phone_number', 'phone_code', 'postal_code', 'state', 'owner'],
      },
      types: { dialable: 'integer', gmt_offset: 'number' },
    },
    lines: [
      ...COMMON_LINES,
      { tag: 'ERROR', reason: 'USER DOES NOT HAVE PERMISSION', fields: ['user', 'modify_leads'] },
      { tag: 'ERROR', reason: 'THIS IS NOT A VALID CALL TIME', fields: ['user', 'local_call_time'] },
      { tag: 'ERROR', reason: 'NANPA options disabled', fields: ['nanpa_prefix_count', 'user'] },
      INVALID_PHONE_LINE,
      ...DNC_LINES,
    ],
    errors: {
      'THIS IS NOT A VALID CALL TIME': 'malformed',
      'NANPA options disabled': 'state',
    },
    permission: {
      userLevel: 8,
      flags: ['vdc_agent_api_access'],
      reason: 'USER DOES NOT HAVE PERMISSION TO CHECK PHONE NUMBERS',
    },
  },
];
