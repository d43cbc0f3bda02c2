/** How feature slices are written without importing zustand: plain functions of set and get. */
export type SetState<S> = (partial: Partial<S> | ((state: S) => Partial<S>)) => void;
export type GetState<S> = () => S;
export type Slice<S, Own> = (set: SetState<S>, get: GetState<S>) => Own;
