import { BacktestConfig, simulationParamsOf } from '../../config/backtest-config';
import { CancelledError, ValidationError } from '../../errors/domain-error';
import { affordableUnits, commissionFor, executionPrice, FLAT_TOLERANCE } from '../../kernels/costs';
import { applyFill, markToMarket } from '../../kernels/ledger';
import { liquidateAll, rebalanceOneSymbol, rebalanceToTargets } from '../../kernels/rebalance';
import { SimulationParams } from '../../kernels/simulate-targets';
import { OrderType } from '../../model/enums';
import { Order, OrderRequest } from '../../model/order';
import { Portfolio } from '../../model/portfolio';
import { PositionView } from '../../model/position';
import { BarSeries } from '../../series/bar-series';
import { BacktestResult, RunControl } from '../backtest-result';
import { AlignedMarket } from '../market-data';
import { bracketLevelsProblem, matchRestingOrder, roundDownToLot } from './order-matching';
import { BarCursor, EventStrategy, PriceField, StrategyContext } from './strategy';

class Cursor implements BarCursor {
  index = 0;
  constructor(
    readonly symbol: string,
    private readonly s: BarSeries,
  ) {}
  get time(): number {
    return this.s.time[this.index];
  }
  get open(): number {
    return this.s.open[this.index];
  }
  get high(): number {
    return this.s.high[this.index];
  }
  get low(): number {
    return this.s.low[this.index];
  }
  get close(): number {
    return this.s.close[this.index];
  }
  get volume(): number {
    return this.s.volume[this.index];
  }
}

/**
 * The simulated broker and clock of the event-driven engine. Order of events on bar i:
 * targets, then market orders (in submission order) from bar i−1 fill at the open; resting orders
 * (limit, stop, trailing, bracket legs) fill in submission order where the bar's range reaches them;
 * trailing stops move with the bar's extreme; the strategy sees bar i; equity is marked at the close.
 * docs/concepts/engines.md lists the conventions.
 */
class EventBroker implements StrategyContext {
  index = -1;
  private readonly portfolio: Portfolio;
  private readonly params: SimulationParams;
  private readonly cursors: Cursor[];
  private readonly pendingTarget: Float64Array;
  private readonly lastTarget: Float64Array;
  private hasPendingTarget = false;
  private readonly working: Order[] = [];
  readonly orders: Order[] = [];
  private nextOrderId = 1;

  constructor(
    private readonly config: BacktestConfig,
    private readonly market: AlignedMarket,
  ) {
    this.params = simulationParamsOf(config);
    this.portfolio = new Portfolio(market.symbols, config.initialCapital);
    this.cursors = market.series.map((s) => new Cursor(s.symbol, s));
    this.pendingTarget = new Float64Array(market.k).fill(NaN);
    this.lastTarget = new Float64Array(market.k).fill(NaN);
  }

  get ledger() {
    return this.portfolio.ledger;
  }

  get symbols(): readonly string[] {
    return this.market.symbols;
  }

  get time(): number {
    return this.market.time[this.index];
  }

  get cash(): number {
    return this.portfolio.cash;
  }

  get equity(): number {
    return markToMarket(this.portfolio.ledger, this.market.close, this.market.n, this.index);
  }

  private symbolIndex(symbol: string | number | undefined): number {
    if (symbol === undefined) return 0;
    if (typeof symbol === 'number') {
      if (Number.isInteger(symbol) && symbol >= 0 && symbol < this.market.k) return symbol;
    } else {
      const s = this.portfolio.indexOf(symbol);
      if (s >= 0) return s;
    }
    throw new ValidationError('symbol', `one of ${this.market.symbols.join(', ')}`, String(symbol));
  }

  bar(symbol?: string | number): BarCursor {
    return this.cursors[this.symbolIndex(symbol)];
  }

  value(field: PriceField, barsAgo = 0, symbol?: string | number): number {
    if (!(barsAgo >= 0)) throw new ValidationError('barsAgo', 'a non-negative number (the future is not visible)', String(barsAgo));
    const i = this.index - barsAgo;
    return i < 0 ? NaN : this.market.series[this.symbolIndex(symbol)][field][i];
  }

  history(field: PriceField, length: number, symbol?: string | number): Float64Array {
    const end = this.index + 1;
    return this.market.series[this.symbolIndex(symbol)][field].subarray(Math.max(0, end - length), end);
  }

  position(symbol?: string | number): PositionView {
    return this.portfolio.position(this.symbolIndex(symbol));
  }

  setTarget(symbol: string | number, weight: number, options?: { readonly rebalance?: boolean }): void {
    if (!Number.isFinite(weight)) throw new ValidationError('weight', 'a finite number', String(weight));
    const s = this.symbolIndex(symbol);
    if (weight === this.lastTarget[s] && !options?.rebalance) return;
    this.lastTarget[s] = weight;
    this.pendingTarget[s] = weight;
    this.hasPendingTarget = true;
  }

  submit(request: OrderRequest): Order {
    return this.createOrder(request, this.index + (this.config.fillTiming === 'same_close' ? 0 : 1), false);
  }

  /**
   * Creates an order active from bar `activeFrom` (a bracket leg when `closesPosition`). Malformed
   * requests throw; a well-formed one the market makes pointless — below one lot, bracket levels on
   * the wrong side of the entry — is recorded as rejected and never works.
   */
  private createOrder(request: OrderRequest, activeFrom: number, closesPosition: boolean): Order {
    const s = this.symbolIndex(request.symbol);
    const type = request.type ?? 'market';
    this.checkRequest(request, type, closesPosition);
    // The last price the strategy has seen: a trailing stop's first level trails it, and it stands in
    // for the entry price of a market or trailing-stop entry, which is not known before the fill.
    const close = this.market.close[s * this.market.n + Math.max(0, this.index)];
    let stopPrice = request.stopPrice;
    if (type === 'trailing_stop') {
      const trail = request.trailPct as number;
      stopPrice = request.side === 'sell' ? close * (1 - trail) : close * (1 + trail);
    }
    const quantity = request.quantity === undefined ? 0 : roundDownToLot(request.quantity, this.config.lotSize);
    const entry = type === 'limit' ? (request.limitPrice as number) : type === 'stop' ? (stopPrice as number) : close;
    const rejectReason =
      request.quantity !== undefined && quantity === 0 ? 'below_lot_size' : bracketLevelsProblem(request.side, entry, request.stopLoss, request.takeProfit);
    const order: Order = {
      id: this.nextOrderId++,
      symbol: this.market.symbols[s],
      symbolIndex: s,
      side: request.side,
      type,
      quantity,
      ...(request.equityFraction === undefined ? {} : { equityFraction: request.equityFraction }),
      ...(request.limitPrice === undefined ? {} : { limitPrice: request.limitPrice }),
      ...(stopPrice === undefined ? {} : { stopPrice }),
      ...(request.trailPct === undefined ? {} : { trailPct: request.trailPct }),
      ...(request.stopLoss === undefined ? {} : { stopLoss: request.stopLoss }),
      ...(request.takeProfit === undefined ? {} : { takeProfit: request.takeProfit }),
      ...(request.tag === undefined ? {} : { tag: request.tag }),
      closesPosition,
      createdIndex: activeFrom,
      status: rejectReason === undefined ? 'pending' : 'rejected',
      filledIndex: -1,
      fillPrice: NaN,
      ...(rejectReason === undefined ? {} : { rejectReason }),
    };
    this.orders.push(order);
    if (rejectReason === undefined) this.working.push(order);
    return order;
  }

  /** Throws a {@link ValidationError} naming the first malformed field of `request`. */
  private checkRequest(request: OrderRequest, type: OrderType, closesPosition: boolean): void {
    if (request.side !== 'buy' && request.side !== 'sell') throw new ValidationError('side', "'buy' or 'sell'", String(request.side));
    const sized = (request.quantity === undefined ? 0 : 1) + (request.equityFraction === undefined ? 0 : 1);
    if (!closesPosition && sized !== 1) throw new ValidationError('quantity', 'exactly one of quantity and equityFraction', `${sized} given`);
    if (request.quantity !== undefined && !(request.quantity > 0 && Number.isFinite(request.quantity))) {
      throw new ValidationError('quantity', 'a finite positive number', String(request.quantity));
    }
    if (request.equityFraction !== undefined && !(request.equityFraction > 0 && request.equityFraction <= this.config.leverage)) {
      throw new ValidationError('equityFraction', `a number in (0, ${this.config.leverage}]`, String(request.equityFraction));
    }
    if (type === 'limit' && !(Number(request.limitPrice) > 0)) throw new ValidationError('limitPrice', 'a positive price', String(request.limitPrice));
    if (type === 'stop' && !(Number(request.stopPrice) > 0)) throw new ValidationError('stopPrice', 'a positive price', String(request.stopPrice));
    if (type === 'trailing_stop' && !(Number(request.trailPct) > 0 && Number(request.trailPct) < 1)) {
      throw new ValidationError('trailPct', 'a fraction in (0, 1)', String(request.trailPct));
    }
    for (const field of ['stopLoss', 'takeProfit'] as const) {
      const level = request[field];
      if (level !== undefined && !(level > 0 && Number.isFinite(level))) throw new ValidationError(field, 'a positive price', String(level));
    }
  }

  cancel(orderId: number): boolean {
    const order = this.working.find((o) => o.id === orderId);
    if (!order || order.status !== 'pending') return false;
    order.status = 'cancelled';
    return true;
  }

  closePosition(symbol?: string | number): Order | undefined {
    const s = this.symbolIndex(symbol);
    const q = this.ledger.quantity[s];
    if (q === 0) return undefined;
    return this.submit({ symbol: this.market.symbols[s], side: q > 0 ? 'sell' : 'buy', quantity: Math.abs(q) });
  }

  openOrders(symbol?: string | number): readonly Order[] {
    const s = symbol === undefined ? -1 : this.symbolIndex(symbol);
    return this.working.filter((o) => o.status === 'pending' && (s < 0 || o.symbolIndex === s));
  }

  /** Trades pending targets and fillable orders at `prices` (open or close) of bar i. */
  fillAtPrice(prices: Float64Array, i: number): void {
    const n = this.market.n;
    if (this.hasPendingTarget) {
      const t = this.pendingTarget[0];
      // One symbol trades through the loop-free form, as the vector engine does; the fills are the same.
      if (this.market.k === 1) {
        if (t === t) rebalanceOneSymbol(this.ledger, t, prices[i], this.params, this.config.leverage, i);
      } else {
        rebalanceToTargets(this.ledger, this.pendingTarget, prices, n, i, this.params, this.config.leverage, i);
      }
      this.pendingTarget.fill(NaN);
      this.hasPendingTarget = false;
      // Judged on the position the rebalance leaves: one it closed and reopened on the same side, on
      // this bar at this price, was only resized, and a resized position keeps its legs.
      this.dropOrphanLegs();
    }
    for (let w = 0; w < this.working.length; w++) {
      const o = this.working[w];
      if (o.status === 'pending' && o.type === 'market' && o.createdIndex <= i) {
        this.execute(o, prices[o.symbolIndex * n + i], true, i, prices);
      }
    }
  }

  /** Fills resting orders whose level bar i's range reaches, then trails stops. */
  matchResting(i: number): void {
    const { n, open, high, low } = this.market;
    for (let w = 0; w < this.working.length; w++) {
      const o = this.working[w];
      if (o.status !== 'pending' || o.type === 'market' || o.createdIndex > i) continue;
      const at = o.symbolIndex * n + i;
      const price = matchRestingOrder(o, open[at], high[at], low[at]);
      if (price !== price) continue;
      const partner = price === open[at] ? undefined : this.legCrossedAtOpen(o, i);
      // Stops become market orders when triggered, so they pay slippage; limits fill at their price.
      if (partner) this.execute(partner, open[at], partner.type !== 'limit', i, open);
      else this.execute(o, price, o.type !== 'limit', i, open);
    }
    for (let w = 0; w < this.working.length; w++) {
      const o = this.working[w];
      if (o.status !== 'pending' || o.type !== 'trailing_stop') continue;
      const at = o.symbolIndex * n + i;
      const trail = o.trailPct as number;
      const stop = o.stopPrice as number;
      o.stopPrice = o.side === 'sell' ? Math.max(stop, high[at] * (1 - trail)) : Math.min(stop, low[at] * (1 + trail));
    }
    this.compact();
  }

  /**
   * Returns the other leg of bracket leg `o` when bar i opens beyond it, or undefined. The open is the
   * bar's first price, so that leg fills there before anything the rest of the range reaches; only
   * when neither leg is crossed at the open does submission order, stop-loss first (the pessimistic
   * guess), decide between two legs inside the range.
   */
  private legCrossedAtOpen(o: Order, i: number): Order | undefined {
    if (o.ocoWith === undefined) return undefined;
    const p = this.working.find((w) => w.id === o.ocoWith);
    if (!p || p.status !== 'pending' || p.createdIndex > i) return undefined;
    const at = p.symbolIndex * this.market.n + i;
    const { open, high, low } = this.market;
    return matchRestingOrder(p, open[at], high[at], low[at]) === open[at] ? p : undefined;
  }

  private compact(): void {
    let j = 0;
    for (let w = 0; w < this.working.length; w++) {
      if (this.working[w].status === 'pending') this.working[j++] = this.working[w];
    }
    this.working.length = j;
  }

  /**
   * Fills `o` at `basePrice` (plus slippage when `slip`). Equity for fraction sizing and the
   * buying-power check marks symbol `o.symbolIndex` at `basePrice` and the others at `refPrices` of bar i.
   */
  private execute(o: Order, basePrice: number, slip: boolean, i: number, refPrices: Float64Array): void {
    const l = this.ledger;
    const s = o.symbolIndex;
    const side = o.side === 'buy' ? 1 : -1;
    const held = l.quantity[s];
    const exec = slip ? executionPrice(side, basePrice, this.params.slippageBps) : basePrice;
    const n = this.market.n;
    let equity = l.cash;
    let grossOthers = 0;
    for (let j = 0; j < l.symbols; j++) {
      const q = l.quantity[j];
      if (q === 0) continue;
      const px = j === s ? basePrice : refPrices[j * n + i];
      equity += q * px;
      if (j !== s) grossOthers += Math.abs(q) * px;
    }
    let units: number;
    if (o.closesPosition) {
      units = held * side < 0 ? Math.abs(held) : 0;
    } else if (o.equityFraction !== undefined) {
      const wanted = affordableUnits(o.equityFraction * equity, exec, this.params);
      units = Math.min(wanted, this.unitsWithinBuyingPower(side, held, exec, equity, grossOthers));
      if (wanted > FLAT_TOLERANCE && !(units > FLAT_TOLERANCE)) {
        o.status = 'rejected';
        o.rejectReason = 'insufficient_buying_power';
        return;
      }
    } else {
      units = o.quantity;
    }
    if (!(units > FLAT_TOLERANCE)) {
      o.status = o.closesPosition ? 'cancelled' : 'rejected';
      if (!o.closesPosition) o.rejectReason = 'zero_size';
      return;
    }
    const qty = side * units;
    const commission = commissionFor(units, exec, this.params);
    if (this.exceedsBuyingPower(held, held + qty, exec, commission, grossOthers, equity)) {
      o.status = 'rejected';
      o.rejectReason = 'insufficient_buying_power';
      return;
    }
    applyFill(l, s, qty, exec, commission, i);
    o.quantity = units;
    o.status = 'filled';
    o.filledIndex = i;
    o.fillPrice = exec;
    this.afterFill(o, i);
  }

  /**
   * Returns the most units an order on `side` can take at `exec` within buying power: the resulting
   * position's notional and the commission within `leverage` × `equity` less the other symbols'
   * gross notional, as a target rebalance sizes within its room. A position on the order's side
   * uses up room; one on the other side is closed by the order first and gives its notional back,
   * and closing it is always allowed.
   */
  private unitsWithinBuyingPower(side: number, held: number, exec: number, equity: number, grossOthers: number): number {
    const room = this.config.leverage * equity - grossOthers;
    const heldNotional = Math.abs(held) * exec;
    if (held * side >= 0) return affordableUnits(room - heldNotional, exec, this.params);
    return Math.max(Math.abs(held), affordableUnits(room + heldNotional, exec, this.params));
  }

  /**
   * Returns whether taking a position from `held` to `after` units, at `exec` with `commission`,
   * needs more than the account can pay: the other symbols' gross notional, plus this position's
   * notional at the execution price and the commission, above `leverage` × `equity`. That is
   * `affordableUnits`' budget rule (notional + commission ≤ budget) and the target rebalance's gross
   * limit; with leverage 1 and nothing else held, a buy from flat must fit in the cash. Only fills that
   * add exposure on the side they leave — opening, growing or reversing a position, a reversal at any
   * size — are checked: reducing or closing a position is always allowed.
   */
  private exceedsBuyingPower(held: number, after: number, exec: number, commission: number, grossOthers: number, equity: number): boolean {
    const size = Math.abs(after);
    const addsExposure = size > FLAT_TOLERANCE && (after * held <= 0 || size > Math.abs(held) + FLAT_TOLERANCE);
    return addsExposure && grossOthers + size * exec + commission > this.config.leverage * equity * (1 + 1e-9) + FLAT_TOLERANCE;
  }

  /**
   * Cancels every pending bracket leg whose position is gone: flat, or reversed to the other side. A
   * sell leg protects a long and a buy leg a short; left pending, a leg would close whatever position
   * the symbol holds later, opened by another order with no bracket or one of its own.
   */
  private dropOrphanLegs(): void {
    const q = this.ledger.quantity;
    for (const w of this.working) {
      if (w.status !== 'pending' || !w.closesPosition) continue;
      const held = q[w.symbolIndex];
      if (w.side === 'sell' ? !(held > 0) : !(held < 0)) w.status = 'cancelled';
    }
  }

  /** Cancels what `o`'s fill made obsolete (its other leg, legs of a closed or reversed position) and attaches its own legs. */
  private afterFill(o: Order, i: number): void {
    const s = o.symbolIndex;
    const q = this.ledger.quantity[s];
    if (o.ocoWith !== undefined) this.cancel(o.ocoWith);
    this.dropOrphanLegs();
    // The levels were checked against this order's side: an order that only reduced or closed a
    // position on the other side has no position of its own for them to protect.
    if ((o.side === 'buy' ? !(q > 0) : !(q < 0)) || (o.stopLoss === undefined && o.takeProfit === undefined)) return;
    const exitSide = o.side === 'buy' ? 'sell' : 'buy';
    const symbol = this.market.symbols[s];
    // A market entry fills at the open (or, with same_close, at the close, after this bar's matching),
    // so every price its legs can see on this bar comes after it. A limit or stop fills somewhere
    // inside the bar, and which of the bar's prices came after it is unknown (the open certainly did
    // not): its legs wait for the next bar, as in backtesting.py.
    const from = o.type === 'market' ? i : i + 1;
    const sl = o.stopLoss === undefined ? undefined : this.createOrder({ symbol, side: exitSide, type: 'stop', stopPrice: o.stopLoss, tag: 'stop_loss' }, from, true);
    const tp = o.takeProfit === undefined ? undefined : this.createOrder({ symbol, side: exitSide, type: 'limit', limitPrice: o.takeProfit, tag: 'take_profit' }, from, true);
    if (sl && tp) {
      sl.ocoWith = tp.id;
      tp.ocoWith = sl.id;
    }
  }

  liquidate(i: number): void {
    for (const o of this.working) if (o.status === 'pending') o.status = 'cancelled';
    this.working.length = 0;
    liquidateAll(this.ledger, this.market.close, this.market.n, i, this.params, i);
  }
}

/**
 * Runs `strategy` bar by bar over `market`. With the default `next_open` timing, whatever the
 * strategy decides on bar i's close trades on bar i+1 at the earliest.
 */
export function backtestEvent(
  config: BacktestConfig,
  market: AlignedMarket,
  strategy: EventStrategy,
  control: RunControl = {},
): BacktestResult {
  const { n, k } = market;
  const broker = new EventBroker(config, market);
  strategy.init?.({
    symbols: market.symbols,
    length: n,
    series: (symbol) => market.series[symbol === undefined ? 0 : typeof symbol === 'number' ? symbol : market.symbols.indexOf(symbol)],
  });
  const equity = new Float64Array(n);
  const cash = new Float64Array(n);
  const exposure = new Float64Array(n);
  const atClose = config.fillTiming === 'same_close';
  const every = control.progressEveryBars ?? 8192;
  const cursors = market.symbols.map((s) => broker.bar(s) as Cursor);
  for (let i = 0; i < n; i++) {
    if (i % every === 0 && i > 0) {
      if (control.shouldCancel?.()) throw new CancelledError(`cancelled at bar ${i} of ${n}`);
      control.onProgress?.(i / n);
    }
    if (!atClose) broker.fillAtPrice(market.open, i);
    broker.matchResting(i);
    broker.index = i;
    for (let s = 0; s < k; s++) cursors[s].index = i;
    strategy.onBar(broker);
    if (atClose) broker.fillAtPrice(market.close, i);
    if (config.closeAtEnd && i === n - 1) broker.liquidate(i);
    const l = broker.ledger;
    const e = markToMarket(l, market.close, n, i);
    let gross = 0;
    for (let s = 0; s < k; s++) gross += Math.abs(l.quantity[s]) * market.close[s * n + i];
    equity[i] = e;
    cash[i] = l.cash;
    exposure[i] = e > 0 ? gross / e : gross > 0 ? Infinity : 0;
  }
  control.onProgress?.(1);
  return {
    engine: 'event',
    config,
    symbols: market.symbols,
    time: market.time,
    equity,
    cash,
    exposure,
    fills: broker.ledger.fills,
    trades: broker.ledger.trades,
    orders: broker.orders,
    finalPositions: Float64Array.from(broker.ledger.quantity),
  };
}
