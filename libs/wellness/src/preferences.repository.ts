import { Injectable } from '@nestjs/common';
import { Tx, one } from '@docket/database';

export interface ModeratorPreferences {
  blurViolent: boolean;
  grayscaleMedia: boolean;
}

/** Protection is on until the moderator turns it off. */
export const DEFAULT_PREFERENCES: Readonly<ModeratorPreferences> = Object.freeze({ blurViolent: true, grayscaleMedia: true });

@Injectable()
export class PreferencesRepository {
  async find(tx: Tx, principalId: string): Promise<ModeratorPreferences | undefined> {
    return one(tx, `SELECT blur_violent AS "blurViolent", grayscale_media AS "grayscaleMedia" FROM moderator_preferences WHERE principal_id = $1`, [principalId]);
  }

  /** Stores the preferences and returns the ones they replace. */
  async save(tx: Tx, principalId: string, p: ModeratorPreferences, at: Date): Promise<ModeratorPreferences | undefined> {
    const before = await one<ModeratorPreferences>(
      tx,
      `SELECT blur_violent AS "blurViolent", grayscale_media AS "grayscaleMedia" FROM moderator_preferences WHERE principal_id = $1 FOR UPDATE`,
      [principalId],
    );
    await one(
      tx,
      `INSERT INTO moderator_preferences (principal_id, blur_violent, grayscale_media, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (principal_id) DO UPDATE SET blur_violent = $2, grayscale_media = $3, updated_at = $4`,
      [principalId, p.blurViolent, p.grayscaleMedia, at],
    );
    return before;
  }
}
