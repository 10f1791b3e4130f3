import type { OperatorSpec } from './compiler.js';
import { allOperator } from './operators/all.js';
import { anyOperator } from './operators/any.js';
import { addOperator, divOperator, mulOperator, subOperator } from './operators/arithmetic.js';
import { baselineCountOperator } from './operators/baseline-count.js';
import { baselineOperator } from './operators/baseline.js';
import { betweenOperator } from './operators/between.js';
import { coalesceOperator } from './operators/coalesce.js';
import { eqOperator, gteOperator, gtOperator, lteOperator, ltOperator, neOperator } from './operators/comparison.js';
import { currentOperator } from './operators/current.js';
import { fieldOperator } from './operators/field.js';
import { inOperator } from './operators/in.js';
import { matchesOperator } from './operators/matches.js';
import { notOperator } from './operators/not.js';
import { sinceLastOperator } from './operators/since-last.js';
import { valueOperator } from './operators/value-ref.js';
import { countOperator } from './operators/window-count.js';
import { distinctOperator } from './operators/window-distinct.js';
import { maxOperator } from './operators/window-max.js';
import { sumOperator } from './operators/window-sum.js';

/** Every operator an expression may use, by its key. */
export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(
  [
    fieldOperator,
    currentOperator,
    valueOperator,
    gtOperator,
    gteOperator,
    ltOperator,
    lteOperator,
    eqOperator,
    neOperator,
    betweenOperator,
    inOperator,
    matchesOperator,
    allOperator,
    anyOperator,
    notOperator,
    addOperator,
    subOperator,
    mulOperator,
    divOperator,
    coalesceOperator,
    countOperator,
    sumOperator,
    maxOperator,
    distinctOperator,
    sinceLastOperator,
    baselineOperator,
    baselineCountOperator,
  ].map((op) => [op.name, op]),
);
