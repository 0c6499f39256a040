/**
 * Routes that platforms call on the app's HTTP server (Telegram's webhook, the 服务号 and WeCom
 * callbacks, SMS and call receipts). Each proves itself (a signature, a secret token or a secret in
 * the path) and needs no login: the server mounts exactly this list, under these names, so a login
 * layer can exempt precisely these paths and nothing else.
 */
export interface WebhookRoute {
  /** For logs and `jinqiu doctor`: telegram, wechat-oa, wecom, phone-receipts … */
  name: string;
  /** Exact path, e.g. /hooks/wechat-oa. */
  path: string;
  handler: (req: Request) => Response | Promise<Response>;
}
