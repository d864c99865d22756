import { Either, left, right } from 'fp-ts/lib/Either.js';
import { userError, type UserError } from '../util/user-error.js';

/** A board's text and the file name its messages and relative paths go by. */
export interface BoardText {
  readonly file: string;
  readonly text: string;
}

/**
 * Where boards come from: on Node, `BoardFiles` (the shipped `boards/` folder or any path); in a
 * browser bundle, `RegistryBoardCatalog` (texts the bundle carries or the page fetched).
 */
export interface BoardProvider {
  /** Names of the boards that can be given by name. */
  names(): string[];
  /** Find a board by name (or, where there are files, by path) and return its text. */
  locate(nameOrPath: string): Either<UserError, BoardText>;
}

/**
 * Boards handed to the runtime as texts, by name. A board's file is `boards/<name>.yaml` (or the
 * name given with the text), so files its options name resolve beside it in the host files.
 */
export class RegistryBoardCatalog implements BoardProvider {
  constructor(private readonly boards: Readonly<Record<string, string | BoardText>>) {}

  names(): string[] {
    return Object.keys(this.boards).sort();
  }

  locate(name: string): Either<UserError, BoardText> {
    if (!Object.prototype.hasOwnProperty.call(this.boards, name)) {
      return left(userError('board', `board "${name}" not found; boards: ${this.names().join(', ')}`));
    }
    const b = this.boards[name];
    return right(typeof b === 'string' ? { file: `boards/${name}.yaml`, text: b } : b);
  }
}
