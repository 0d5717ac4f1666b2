import type { Metadata } from "next";
import { Configurator } from "@/components/configurator/configurator";

export const metadata: Metadata = { title: "Configurator · Interactions Playground" };

export default function ConfiguratorPage() {
  return <Configurator />;
}
