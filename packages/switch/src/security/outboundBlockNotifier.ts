import type { OutboundBlock } from '@vaxel/domain';

/**
 * Tells an organisation's admins that its international calls were blocked after a spike (issue 10
 * "Toll fraud"): by e-mail in the embedded setup (apps/vaxel, when VAXEL_SMTP_URL is set). A port,
 * so the switch neither sends mail itself nor imports the api. The console shows the block too.
 */
export interface OutboundBlockNotifier {
  blocked(block: OutboundBlock): Promise<void>;
}
