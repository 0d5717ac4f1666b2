import { JobsDashboard } from "@/components/jobs/jobs-dashboard";

export const metadata = { title: "Jobs · Interactions Playground" };

export default function JobsPage() {
  return <JobsDashboard />;
}
