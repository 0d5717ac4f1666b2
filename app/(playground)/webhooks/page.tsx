import { WebhooksView } from "@/components/webhooks/webhooks-view";

export const metadata = { title: "Webhooks · Interactions Playground" };

export default function WebhooksPage() {
  return <WebhooksView />;
}
