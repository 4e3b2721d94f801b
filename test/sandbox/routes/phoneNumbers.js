// @ts-check
'use strict';

/** GET /phone-numbers: the tenant's lines as configured. @param {import('../http').Ctx} ctx */
function listPhoneNumbers(ctx) {
  return { body: { phone_numbers: structuredClone(ctx.config.phoneNumbers) } };
}

/** @type {import('../http').Route[]} */
const routes = [{ method: 'GET', path: '/api/v1/phone-numbers', handler: listPhoneNumbers }];

module.exports = { routes };
