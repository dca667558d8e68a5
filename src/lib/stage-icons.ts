import type { Component } from 'svelte';
import Circle from '@lucide/svelte/icons/circle';
import Inbox from '@lucide/svelte/icons/inbox';
import CreditCard from '@lucide/svelte/icons/credit-card';
import Wallet from '@lucide/svelte/icons/wallet';
import FileSearch from '@lucide/svelte/icons/file-search';
import FileCheck from '@lucide/svelte/icons/file-check';
import FileText from '@lucide/svelte/icons/file-text';
import PenTool from '@lucide/svelte/icons/pen-tool';
import Palette from '@lucide/svelte/icons/palette';
import Image from '@lucide/svelte/icons/image';
import Send from '@lucide/svelte/icons/send';
import Mail from '@lucide/svelte/icons/mail';
import Phone from '@lucide/svelte/icons/phone';
import Printer from '@lucide/svelte/icons/printer';
import Layers from '@lucide/svelte/icons/layers';
import Scissors from '@lucide/svelte/icons/scissors';
import Ruler from '@lucide/svelte/icons/ruler';
import Hammer from '@lucide/svelte/icons/hammer';
import Wrench from '@lucide/svelte/icons/wrench';
import PaintBucket from '@lucide/svelte/icons/paint-bucket';
import SprayCan from '@lucide/svelte/icons/spray-can';
import Package from '@lucide/svelte/icons/package';
import PackageCheck from '@lucide/svelte/icons/package-check';
import PackageOpen from '@lucide/svelte/icons/package-open';
import Box from '@lucide/svelte/icons/box';
import Boxes from '@lucide/svelte/icons/boxes';
import Warehouse from '@lucide/svelte/icons/warehouse';
import Truck from '@lucide/svelte/icons/truck';
import MapPin from '@lucide/svelte/icons/map-pin';
import Store from '@lucide/svelte/icons/store';
import Hand from '@lucide/svelte/icons/hand';
import Check from '@lucide/svelte/icons/check';
import CircleCheck from '@lucide/svelte/icons/circle-check';
import BadgeCheck from '@lucide/svelte/icons/badge-check';
import ThumbsUp from '@lucide/svelte/icons/thumbs-up';
import Clock from '@lucide/svelte/icons/clock';
import Hourglass from '@lucide/svelte/icons/hourglass';
import Timer from '@lucide/svelte/icons/timer';
import Pause from '@lucide/svelte/icons/pause';
import Calendar from '@lucide/svelte/icons/calendar';
import TriangleAlert from '@lucide/svelte/icons/triangle-alert';
import CircleAlert from '@lucide/svelte/icons/circle-alert';
import Ban from '@lucide/svelte/icons/ban';
import X from '@lucide/svelte/icons/x';
import Undo2 from '@lucide/svelte/icons/undo-2';
import RotateCcw from '@lucide/svelte/icons/rotate-ccw';
import Archive from '@lucide/svelte/icons/archive';
import BookOpen from '@lucide/svelte/icons/book-open';
import Shirt from '@lucide/svelte/icons/shirt';
import Sticker from '@lucide/svelte/icons/sticker';
import Stamp from '@lucide/svelte/icons/stamp';
import Flame from '@lucide/svelte/icons/flame';
import Droplet from '@lucide/svelte/icons/droplet';
import Sparkles from '@lucide/svelte/icons/sparkles';
import Microscope from '@lucide/svelte/icons/microscope';
import Eye from '@lucide/svelte/icons/eye';
import User from '@lucide/svelte/icons/user';
import Users from '@lucide/svelte/icons/users';
import Star from '@lucide/svelte/icons/star';
import Flag from '@lucide/svelte/icons/flag';
import Gift from '@lucide/svelte/icons/gift';
import { STAGE_ICON_NAMES, type StageIconName } from './domain/workflow-edit';

/**
 * The curated Lucide icons a stage may wear, by their Lucide name (what the database stores). Imported one by one
 * so the bundle carries these few dozen, not the whole set.
 */
export const STAGE_ICONS: Record<StageIconName, Component> = {
	circle: Circle,
	inbox: Inbox,
	'credit-card': CreditCard,
	wallet: Wallet,
	'file-search': FileSearch,
	'file-check': FileCheck,
	'file-text': FileText,
	'pen-tool': PenTool,
	palette: Palette,
	image: Image,
	send: Send,
	mail: Mail,
	phone: Phone,
	printer: Printer,
	layers: Layers,
	scissors: Scissors,
	ruler: Ruler,
	hammer: Hammer,
	wrench: Wrench,
	'paint-bucket': PaintBucket,
	'spray-can': SprayCan,
	package: Package,
	'package-check': PackageCheck,
	'package-open': PackageOpen,
	box: Box,
	boxes: Boxes,
	warehouse: Warehouse,
	truck: Truck,
	'map-pin': MapPin,
	store: Store,
	hand: Hand,
	check: Check,
	'circle-check': CircleCheck,
	'badge-check': BadgeCheck,
	'thumbs-up': ThumbsUp,
	clock: Clock,
	hourglass: Hourglass,
	timer: Timer,
	pause: Pause,
	calendar: Calendar,
	'triangle-alert': TriangleAlert,
	'circle-alert': CircleAlert,
	ban: Ban,
	x: X,
	'undo-2': Undo2,
	'rotate-ccw': RotateCcw,
	archive: Archive,
	'book-open': BookOpen,
	shirt: Shirt,
	sticker: Sticker,
	stamp: Stamp,
	flame: Flame,
	droplet: Droplet,
	sparkles: Sparkles,
	microscope: Microscope,
	eye: Eye,
	user: User,
	users: Users,
	star: Star,
	flag: Flag,
	gift: Gift
};

/** The component of a stored icon name; an unknown name (from an older release) shows as a plain circle. */
export function stageIcon(name: string): Component {
	return (STAGE_ICON_NAMES as readonly string[]).includes(name)
		? STAGE_ICONS[name as StageIconName]
		: Circle;
}
