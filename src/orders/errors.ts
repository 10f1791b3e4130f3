import { defineErrors } from '../core/errors.js';

export const OrderErrors = defineErrors({
  PRODUCT_NOT_FOUND: { kind: 'not_found', title: 'No product has that id or code' },
  PRODUCT_EXISTS: { kind: 'conflict', title: 'A product with that code exists' },
  PRODUCT_UNAVAILABLE: { kind: 'conflict', title: 'The product is not on sale' },
  ORDER_NOT_FOUND: { kind: 'not_found', title: 'No order has that id' },
  ORDER_EXISTS: { kind: 'conflict', title: 'An order with that external reference exists' },
  ORDER_NOT_RENEWABLE: { kind: 'conflict', title: 'The order cannot be renewed in its state' },
  ORDER_CHANGED_CONCURRENTLY: { kind: 'conflict', title: 'The order changed while this request was processed' },
});
